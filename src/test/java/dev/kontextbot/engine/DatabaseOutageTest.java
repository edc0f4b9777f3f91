package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import ch.qos.logback.classic.Level;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.testing.CapturedLogs;
import dev.kontextbot.testing.DatabaseBehindProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on a real database that goes away while turns run (a proxy cuts every connection and refuses new ones,
 * as a stopped server does), then comes back: a turn whose job is stored is paid for, so it is finished, not failed.
 */
class DatabaseOutageTest {
    @TempDir
    Path dir;
    final List<String> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before;

    @BeforeEach
    void watchThreads() {
        before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
    }

    @AfterEach
    void restoreHandler() {
        Thread.setDefaultUncaughtExceptionHandler(before);
    }

    private static boolean answers(EngineHarness harness) {
        try {
            harness.database.dsl().selectOne().fetch();
            return true;
        } catch (org.jooq.exception.DataAccessException e) {
            return false;
        }
    }

    private static byte[] photo() {
        return FakeProvider.png(new EditRequest("source", null, java.util.List.of()), 1);
    }

    @Test
    void turnsWithAStoredJobAreFinishedAfterAnOutageNotFailedAndNothingIsSentTwice() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.holdJobs = true;
        try (DatabaseBehindProxy behind = DatabaseBehindProxy.start(dir); CapturedLogs logs = CapturedLogs.root();
             EngineHarness harness = new EngineHarness(dir, provider, EngineHarness.FAST, null, () -> behind.open(4, Duration.ofSeconds(3)))) {
            List<Long> turns = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                turns.add(harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("outage " + i), "ana", photo(),
                        "edit " + i, ParamOverrides.NONE, null)).turn().id());
            }
            turns.forEach(harness::awaitJob);

            behind.proxy().cut();
            // The jobs finish at the service while the database is away: each look now fails on reading the turn.
            provider.releaseAll();
            // The outage lasts 1.5 s: with looks every 5 ms, each turn's fail on the database many times over.
            Thread.sleep(1500);
            behind.proxy().restore();
            // The pool makes its connections again in its own time (PostgreSQL's take a moment): this test reads through it too.
            Await.until(() -> answers(harness), "the database to answer again");

            for (long id : turns) {
                Turn ended = harness.awaitEnd(id);
                assertThat(ended.status()).as("turn %d: %s", id, ended.errorMessage()).isEqualTo(TurnStatus.DONE);
            }
            assertThat(provider.submits()).as("no job sent twice").isEqualTo(turns.size());
            assertThat(logs.atLeast(Level.ERROR)).extracting(e -> e.getFormattedMessage()).as("no turn failed unexpectedly")
                    .noneMatch(m -> m.contains("failed unexpectedly"));
            assertThat(uncaught).as("no thread died").isEmpty();
            // Diagnostic, not the point: a turn whose look was already past its reads when the cut came may not have seen it.
            assertThat(logs.atLeast(Level.WARN)).extracting(e -> e.getFormattedMessage()).as("the outage was seen")
                    .anyMatch(m -> m.contains("the database failed while following its job"));
        }
    }

    @Test
    void workThatFailsOutsideATurnNeverEndsAWorker() throws Exception {
        // A cancel that throws, as a store or a provider call in a worker's task can: such a task used to end its thread.
        FakeProvider provider = new FakeProvider() {
            @Override
            public void cancel(String job) {
                throw new IllegalStateException("cancel failed");
            }
        };
        provider.holdJobs = true;
        try (CapturedLogs logs = CapturedLogs.root(); EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("cancel"), "ana", photo(),
                    "edit", ParamOverrides.NONE, null));
            harness.awaitJob(started.turn().id());

            harness.engine.cancel(started.session().id(), started.turn().id(), "ana");
            Await.until(() -> logs.atLeast(Level.ERROR).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("engine work failed")), "the failed work to be logged");

            assertThat(uncaught).as("no thread died").isEmpty();
        }
    }
}
