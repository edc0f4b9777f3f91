package dev.kontextbot.app;

import dev.kontextbot.testing.Await;

import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.store.Database;
import dev.kontextbot.testing.DatabaseBehindProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The database's health on a real database taken away by a proxy, as a stopped or unreachable server is. */
class DatabaseHealthTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private static Health timed(DatabaseHealth health, Duration atMost) {
        long start = System.nanoTime();
        Health answer = health.check();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the check answers within its timeout, not when the database is back")
                .isLessThan(atMost);
        return answer;
    }

    /**
     * As an orchestrator probes, a check every 600 ms: the pool hands out a connection it used within the last 500 ms
     * without testing it, so back-to-back checks would see its broken connections one by one.
     */
    private static void awaitUp(DatabaseHealth health) {
        Await.until(() -> health.check().up(), "the database to be reported up again", Duration.ofSeconds(30), Duration.ofMillis(600));
    }

    @Test
    void aStoppedServerIsReportedDownWithItsReasonAtOnceAndUpAgainWhenItIsBack() throws Exception {
        try (DatabaseBehindProxy behind = DatabaseBehindProxy.start(dir); Database database = behind.open(4, Duration.ofSeconds(3))) {
            // jOOQ's first query loads and renders for about a second on a busy machine: not what is measured here.
            database.dsl().selectOne().fetch();
            DatabaseHealth health = new DatabaseHealth(database, TIMEOUT);
            assertThat(health.check().up()).isTrue();

            behind.proxy().cut();
            Health down = timed(health, Duration.ofMillis(2500));

            assertThat(down.up()).isFalse();
            assertThat(down.state()).startsWith("not answering");
            behind.proxy().restore();
            awaitUp(health);
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsReportedDownAfterTheHealthTimeoutAndProbesDoNotPileUp() throws Exception {
        try (DatabaseBehindProxy behind = DatabaseBehindProxy.start(dir); Database database = behind.open(4, Duration.ofSeconds(3))) {
            // jOOQ's first query loads and renders for about a second on a busy machine: not what is measured here.
            database.dsl().selectOne().fetch();
            DatabaseHealth health = new DatabaseHealth(database, TIMEOUT);
            assertThat(health.check().up()).isTrue();

            // The pool would wait 3 s for a connection: the probe gives up after its own timeout.
            behind.proxy().stall();
            Health first = timed(health, Duration.ofMillis(2500));
            Health second = timed(health, Duration.ofMillis(2500));

            assertThat(first.up()).isFalse();
            assertThat(first.state()).isEqualTo("not answering within 1000 ms");
            assertThat(second.up()).isFalse();
            behind.proxy().restore();
            awaitUp(health);
        }
    }
}
