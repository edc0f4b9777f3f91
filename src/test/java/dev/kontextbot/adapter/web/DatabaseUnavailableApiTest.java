package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import dev.kontextbot.testing.DatabaseBehindProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** The whole application on a database a proxy takes away: the API and /healthz answer at once, and say why. */
class DatabaseUnavailableApiTest {
    @TempDir
    Path dir;

    @Test
    void whileTheDatabaseIsAwayRequestsAreAnswered503AtOnceAndHealthSaysWhy() throws Exception {
        try (DatabaseBehindProxy behind = DatabaseBehindProxy.start(dir);
             RunningPlayground app = RunningPlayground.start(dir, "", Duration.ofSeconds(20), Map.of("KONTEXT_PROVIDER", "offline",
                     "KONTEXT_DB_URL", behind.url(), "KONTEXT_DB_USER", behind.user(), "KONTEXT_DB_PASSWORD", behind.password()))) {
            assertThat(app.get("/healthz").status()).isEqualTo(200);

            behind.proxy().cut();
            long start = System.nanoTime();
            Answer session = app.get("/api/sessions/1");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Answer health = app.get("/healthz");

            assertThat(session.status()).isEqualTo(503);
            assertThat(session.json().path("error").asText()).isEqualTo("database_unavailable");
            assertThat(session.json().path("message").asText()).isEqualTo(Apology.databaseUnavailable(ENGLISH));
            assertThat(took).as("within the pool's 3 s wait, not its former 30 s").isLessThan(Duration.ofSeconds(6));
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().toString()).contains("not answering");
            behind.proxy().restore();
        }
    }
}
