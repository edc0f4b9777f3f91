package dev.kontextbot.testing;

import dev.kontextbot.store.Database;
import org.h2.tools.Server;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database reached through a {@link CuttableProxy}: an H2 server of the test's own on loopback, or — when the tests
 * run on PostgreSQL (see {@link TestDatabases}) — a fresh schema of the shared server, which the proxy cuts off from
 * this test alone.
 */
public final class DatabaseBehindProxy implements AutoCloseable {
    private static final Pattern POSTGRES = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?(/.*)");

    private final Server h2;
    private final CuttableProxy proxy;
    private final String url;

    private DatabaseBehindProxy(Server h2, CuttableProxy proxy, String url) {
        this.h2 = h2;
        this.proxy = proxy;
        this.url = url;
    }

    public static DatabaseBehindProxy start(Path dir) throws IOException, SQLException {
        if (TestDatabases.postgres()) {
            Matcher m = POSTGRES.matcher(System.getenv("KONTEXT_TEST_POSTGRES_URL"));
            if (!m.matches()) {
                throw new IllegalStateException("KONTEXT_TEST_POSTGRES_URL is not a jdbc:postgresql://host:port/db URL");
            }
            CuttableProxy proxy = new CuttableProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
            String schema = "t_" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()).toLowerCase(Locale.ROOT);
            String rest = m.group(3);
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + rest + (rest.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new DatabaseBehindProxy(null, proxy, url);
        }
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toAbsolutePath().toString()).start();
        CuttableProxy proxy = new CuttableProxy("127.0.0.1", h2.getPort());
        return new DatabaseBehindProxy(h2, proxy, "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/outage;WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
    }

    /** The JDBC URL through the proxy. */
    public String url() {
        return url;
    }

    public String user() {
        return h2 == null ? env("KONTEXT_TEST_POSTGRES_USER", "kontext") : "sa";
    }

    public String password() {
        return h2 == null ? env("KONTEXT_TEST_POSTGRES_PASSWORD", "kontext") : "";
    }

    public Database open(int connections, Duration connectionTimeout) {
        return Database.open(url, user(), password(), connections, connectionTimeout);
    }

    public CuttableProxy proxy() {
        return proxy;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() throws IOException {
        proxy.close();
        if (h2 != null) {
            h2.stop();
        }
    }
}
