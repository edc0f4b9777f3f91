package dev.kontextbot.store;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.ThreadLocalTransactionProvider;

import java.util.Locale;

/**
 * The embedded database: a pooled H2 connection, migrated by Flyway from {@code db/migration}, and the jOOQ
 * context every repository shares. Transactions are bound to the calling thread, so repositories called
 * inside {@link JooqTransactions#inTransaction} join the same transaction without passing it around.
 */
public final class Database implements AutoCloseable {
    private final JdbcConnectionPool pool;
    private final DSLContext dsl;

    private Database(JdbcConnectionPool pool, DSLContext dsl) {
        this.pool = pool;
        this.dsl = dsl;
    }

    /**
     * The embedded database file {@code file} (without extension). H2 must not close itself on JVM exit (the bot's
     * shutdown hook closes it after the engine stopped writing), and a commit must reach the file at once: H2's
     * default half-second write delay loses committed turns to a SIGKILL.
     */
    public static String embeddedUrl(java.nio.file.Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public static Database open(String jdbcUrl, String user, String password, int maxConnections) {
        if (!jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("database.url: only jdbc:h2: URLs are supported so far, got " + jdbcUrl.split("[;?]")[0]);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, user, password);
        pool.setMaxConnections(maxConnections);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            DefaultConfiguration configuration = new DefaultConfiguration();
            configuration.set(SQLDialect.H2);
            configuration.set(new Settings().withExecuteLogging(false));
            configuration.set(new ThreadLocalTransactionProvider(new DataSourceConnectionProvider(pool)));
            return new Database(pool, DSL.using(configuration));
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
