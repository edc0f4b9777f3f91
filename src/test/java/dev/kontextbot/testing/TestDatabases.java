package dev.kontextbot.testing;

import dev.kontextbot.store.Database;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which database the store and engine tests run on: the embedded H2 file in the test's directory, or — when
 * {@code -Dkontext.test.db=postgres} and KONTEXT_TEST_POSTGRES_URL are set (.ci/run does both) — a fresh schema,
 * named after the test directory, in that PostgreSQL database.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("kontext.test.db"));
    }

    public static Database open(Path dir, int connections) {
        if (!postgres()) {
            return Database.open(Database.embeddedUrl(dir.resolve("db")), "sa", "", connections);
        }
        String base = System.getenv("KONTEXT_TEST_POSTGRES_URL");
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("kontext.test.db=postgres needs KONTEXT_TEST_POSTGRES_URL, e.g. jdbc:postgresql://127.0.0.1:5432/kontext_test");
        }
        String schema = "t_" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()).toLowerCase(Locale.ROOT);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Database.open(url, env("KONTEXT_TEST_POSTGRES_USER", "kontext"), env("KONTEXT_TEST_POSTGRES_PASSWORD", "kontext"), connections);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
