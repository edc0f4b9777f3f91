package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.store.JooqTurnRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EngineRestartTest {
    @TempDir
    Path dir;

    private static byte[] sourceImage() {
        return FakeProvider.png(new EditRequest("source", null, java.util.List.of()), 1);
    }

    private static StartCommand start(String thread) {
        return new StartCommand(EngineHarness.thread(thread), "ana", sourceImage(), "make it red", ParamOverrides.NONE, null);
    }

    @Test
    void aRunningJobIsPolledAfterRestartAndNeverSubmittedTwice() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.holdJobs = true;
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(start("restart"));
            harness.awaitJob(started.turn().id());

            harness.restart();
            provider.releaseAll();

            Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
            assertThat(provider.submits()).isEqualTo(1);
            assertThat(done.costMicros()).isEqualTo(40_000);
            assertThat(harness.engine.snapshot(started.session().id()).turns().get(0).variants()).hasSize(1);
            Await.until(() -> harness.events.contains("done " + done.id()), "the done event");
            assertThat(harness.events).containsOnlyOnce("done " + done.id());
        }
    }

    @Test
    void queuedTurnsRunInOrderAfterRestart() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.holdJobs = true;
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(start("queue"));
            long sessionId = started.session().id();
            Turn second = harness.engine.refine(sessionId, "ana", "second", ParamOverrides.NONE, null);
            Turn third = harness.engine.refine(sessionId, "ana", "third", ParamOverrides.NONE, null);
            harness.awaitJob(started.turn().id());

            harness.restart();
            provider.holdJobs = false;
            provider.releaseAll();

            Turn thirdDone = harness.awaitStatus(third.id(), TurnStatus.DONE);
            Turn secondDone = harness.engine.turn(second.id()).orElseThrow();
            assertThat(provider.submitted).extracting(EditRequest::prompt).containsExactly("make it red", "second", "third");
            assertThat(thirdDone.parent()).isEqualTo(harness.engine.snapshot(sessionId).turns().get(1).variants().get(0).context());
            assertThat(secondDone.status()).isEqualTo(TurnStatus.DONE);
        }
    }

    @Test
    void aSubmissionInterruptedByACrashIsNotResentWhenThatCouldChargeTwice() throws Exception {
        FakeProvider provider = new FakeProvider();
        long turnId;
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            long sessionId = harness.engine.start(new StartCommand(EngineHarness.thread("crash"), "ana", sourceImage(), "first",
                    ParamOverrides.NONE, null)).session().id();
            Await.until(() -> provider.submits() == 1, "the first submit");
            turnId = simulateCrashDuringSubmit(harness, sessionId);
            harness.restart();
            Turn ended = harness.awaitEnd(turnId);

            assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
            assertThat(ended.errorCode()).isEqualTo("interrupted");
            assertThat(ended.errorMessage()).contains("Reroll").as("this bot's own restart, on its own database")
                    .startsWith("The bot restarted while sending this edit");
            assertThat(provider.submitted).extracting(EditRequest::prompt).doesNotContain("lost in a crash");
        }
    }

    @Test
    void aFreeDeterministicProviderIsSimplyAskedAgainAfterACrash() throws Exception {
        FakeProvider provider = new FakeProvider() {
            @Override
            public boolean resubmitIsHarmless() {
                return true;
            }
        };
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            long sessionId = harness.engine.start(start("offline")).session().id();
            Await.until(() -> provider.submits() == 1, "the first submit");
            long turnId = simulateCrashDuringSubmit(harness, sessionId);
            harness.restart();

            assertThat(harness.awaitEnd(turnId).status()).isEqualTo(TurnStatus.DONE);
            assertThat(provider.submitted).extracting(EditRequest::prompt).contains("lost in a crash");
        }
    }

    /** Leaves a turn as a crash between "sending" and "job id stored" would: running, submitting, no job. */
    private static long simulateCrashDuringSubmit(EngineHarness harness, long sessionId) throws InterruptedException {
        JooqTurnRepository turns = new JooqTurnRepository(harness.database.dsl());
        Await.until(() -> turns.unfinished().isEmpty(), "the first turn to end");
        // The engine stops first, so the rows below are only ever seen by the restarted one.
        harness.engine.close();
        Turn turn = turns.insert(new TurnRepository.NewTurn(sessionId, dev.kontextbot.engine.model.TurnKind.REROLL, "lost in a crash",
                ParamOverrides.NONE.resolve(() -> 7), harness.engine.session(sessionId).head(), null, "ana", null, "fake"), Instant.now());
        // Claimed by an instance that read its inputs, marked it as being sent, and died.
        turns.claim(turn, turn.parent(), new TurnRepository.Lease("crashed", Instant.now().plusSeconds(60)), Instant.now());
        turns.markSubmitting(turn.id(), "crashed", Instant.now());
        return turn.id();
    }

    @Test
    void aJobPastItsDeadlineEndsAsTimedOutAndIsCancelledAtTheProvider() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.holdJobs = true;
        EngineSettings shortDeadline = new EngineSettings(2, Duration.ofMillis(10), Duration.ofMillis(300), 500,
                EngineHarness.FAST.retry(), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
        try (EngineHarness harness = new EngineHarness(dir, provider, shortDeadline)) {
            var started = harness.engine.start(start("slow"));

            Turn ended = harness.awaitEnd(started.turn().id());

            assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
            assertThat(ended.errorCode()).isEqualTo("timeout");
            assertThat(provider.cancelled).containsExactly(ended.providerJob());
            assertThat(harness.engine.session(started.session().id()).head()).isEqualTo(started.session().source());
        }
    }

    @Test
    void gracefulShutdownLeavesRunningTurnsRunningForTheNextStart() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.holdJobs = true;
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(start("shutdown"));
            Await.until(() -> provider.polls.get() > 3, "a few polls");
            harness.engine.close();

            List<Turn> left = new JooqTurnRepository(harness.database.dsl()).unfinished();
            assertThat(left).extracting(Turn::id).containsExactly(started.turn().id());
            assertThat(left.get(0).status()).isEqualTo(TurnStatus.RUNNING);
            harness.restart();
            provider.releaseAll();
            assertThat(harness.awaitEnd(started.turn().id()).status()).isEqualTo(TurnStatus.DONE);
        }
    }
}
