package dev.kontextbot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.ThreadLocalTransactionProvider;

import java.time.Duration;
import java.util.Locale;

/**
 * The database: embedded H2 (the default) or PostgreSQL, chosen by the JDBC URL; pooled, migrated by Flyway from
 * {@code db/migration}, and the jOOQ context every repository shares. Transactions are bound to the calling thread, so repositories called
 * inside {@link JooqTransactions#inTransaction} join the same transaction without passing it around.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final DSLContext dsl;
    private final boolean soleUser;

    private Database(HikariDataSource pool, DSLContext dsl, boolean soleUser) {
        this.pool = pool;
        this.dsl = dsl;
        this.soleUser = soleUser;
    }

    /**
     * The embedded database file {@code file} (without extension). H2 must not close itself on JVM exit (the bot's
     * shutdown hook closes it after the engine stopped writing), and a commit must reach the file at once: H2's
     * default half-second write delay loses committed turns to a SIGKILL. A turn's steps use more distinct statements
     * than H2's default cache of 8 parsed statements per connection holds, so every one was parsed again.
     */
    public static String embeddedUrl(java.nio.file.Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
    }

    /** What a caller waits for a pooled connection unless told otherwise (database.connection-timeout's default). */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    public static Database open(String jdbcUrl, String user, String password, int maxConnections) {
        return open(jdbcUrl, user, password, maxConnections, CONNECTION_TIMEOUT);
    }

    /**
     * {@code connectionTimeout}: how long a caller waits for a connection while the database is away. Short, so that a
     * request is answered "unavailable" at once (Hikari's 30 s default held API requests and health checks through an
     * outage); the engine's turns do not need a longer one, as they wait a failing database out themselves.
     */
    public static Database open(String jdbcUrl, String user, String password, int maxConnections, Duration connectionTimeout) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            // HikariCP for H2 too: H2's own pool rolls a connection back and wraps it anew on every borrow, which
            // doubled the cost of each of a turn's statements.
            HikariDataSource pool = pool(jdbcUrl, user, password, maxConnections, connectionTimeout);
            // An embedded H2 database is locked to the process that opens it; a server or auto-server one is shared.
            boolean embedded = !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:") && !lower.contains("auto_server=true");
            return migrated(pool, SQLDialect.H2, embedded);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            HikariDataSource pool = pool(jdbcUrl, user, password, maxConnections, connectionTimeout);
            return migrated(pool, SQLDialect.POSTGRES, false);
        }
        throw new IllegalArgumentException("database.url must be a jdbc:h2: or jdbc:postgresql: URL, got " + jdbcUrl.split("[;?]")[0]);
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, int maxConnections, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // A pooled connection is checked before it is lent; on a cut connection that check must not outlast the wait.
        config.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout.toMillis() / 2)));
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("kontext-db");
        return new HikariDataSource(config);
    }

    private static Database migrated(HikariDataSource pool, SQLDialect dialect, boolean soleUser) {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            DefaultConfiguration configuration = new DefaultConfiguration();
            configuration.set(dialect);
            // The classes are generated from the migrations with H2's upper-case names; unquoted, both databases
            // resolve them to the tables Flyway created.
            configuration.set(new Settings().withExecuteLogging(false).withRenderQuotedNames(RenderQuotedNames.NEVER));
            configuration.set(new ThreadLocalTransactionProvider(new DataSourceConnectionProvider(pool)));
            return new Database(pool, DSL.using(configuration), soleUser);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Whether no other process can use this database at the same time (an embedded H2 file). */
    public boolean soleUser() {
        return soleUser;
    }

    /** The connection pool's gauges and timings (hikaricp_*), in a Micrometer registry; once per database. */
    public void publishPoolMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        pool.setMetricRegistry(registry);
    }

    @Override
    public void close() {
        pool.close();
    }
}
