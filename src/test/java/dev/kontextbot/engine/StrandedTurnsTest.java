package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;

import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.SubmitOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** No way a turn's work can go wrong leaves it "running": it ends failed, and its slot and its session's lane are free. */
class StrandedTurnsTest extends EngineTest {
    /** A provider whose next submit does something no well-behaved one does; then it behaves. */
    static final class MisbehavingProvider extends FakeProvider {
        final AtomicBoolean misbehave = new AtomicBoolean(true);
        volatile Supplier<SubmitOutcome> instead;

        @Override
        public SubmitOutcome submit(EditRequest request) {
            return misbehave.compareAndSet(true, false) ? instead.get() : super.submit(request);
        }
    }

    private ConversationEngine.Started start(String thread, String requester) {
        byte[] photo = FakeProvider.png(new EditRequest("source " + thread, null, java.util.List.of()), 1);
        return harness.engine.start(new StartCommand(EngineHarness.thread(thread), requester, photo, "make it red", ParamOverrides.NONE, null));
    }

    @Test
    void anOutOfMemoryErrorEndsTheTurnFailedAndFreesItsRunningSlot() {
        MisbehavingProvider provider = new MisbehavingProvider();
        provider.instead = () -> {
            throw new OutOfMemoryError("Java heap space (decoding a 20000×20000 GIF frame)");
        };
        // One running turn per person: a stranded turn would keep ana's second session waiting in line forever.
        harness = new EngineHarness(dir, provider, EngineHarness.FAST.withQuotas(new Quotas(0, 0, 1, 0)));
        var wedged = start("oom-1", "ana");
        var waiting = start("oom-2", "ana");

        Turn failed = harness.awaitEnd(wedged.turn().id());

        assertThat(failed.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(failed.errorMessage()).contains("Something went wrong on our side");
        assertThat(harness.awaitEnd(waiting.turn().id()).status()).as("the slot was freed").isEqualTo(TurnStatus.DONE);
        Turn next = harness.engine.refine(wedged.session().id(), "ana", "again", ParamOverrides.NONE, null);
        assertThat(harness.awaitEnd(next.id()).status()).as("and the session's lane").isEqualTo(TurnStatus.DONE);
    }

    @Test
    void anOutcomeNoBranchKnowsEndsTheTurnInsteadOfStrandingIt() {
        MisbehavingProvider provider = new MisbehavingProvider();
        provider.instead = () -> null;
        harness = new EngineHarness(dir, provider);
        var started = start("null-outcome", "ana");

        Turn ended = harness.awaitEnd(started.turn().id());

        assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(ended.errorCode()).isEqualTo("provider_error");
    }

    @Test
    void theDeadlineSweepEndsATurnWhoseWorkerNeverCameBack() throws InterruptedException {
        CountDownLatch stuck = new CountDownLatch(1);
        MisbehavingProvider provider = new MisbehavingProvider();
        provider.instead = () -> {
            // A worker lost to a call that never returns: nothing of the turn's own steps will run again.
            try {
                stuck.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SubmitOutcome.Submitted("late-job");
        };
        EngineSettings quick = new EngineSettings(4, Duration.ofMillis(5), Duration.ofMillis(800), 500, EngineHarness.FAST.retry(),
                ParamOverrides.NONE, 2, 0, Duration.ZERO, Quotas.NONE);
        // A lease well above the renewal delays of a loaded machine: the turn must end by the deadline sweep, not be
        // taken over as abandoned (which ends a turn interrupted mid-submit as "interrupted").
        harness = new EngineHarness(dir, provider, quick, new InstanceSettings("sweeper", Duration.ofSeconds(2), true));
        harness.engine.resume();
        var started = start("hung", "ana");
        Turn queued = harness.engine.refine(started.session().id(), "ana", "next", ParamOverrides.NONE, null);

        Turn ended = harness.awaitEnd(started.turn().id());

        assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(ended.errorCode()).isEqualTo("timeout");
        assertThat(ended.errorMessage()).contains("took longer than");
        assertThat(harness.awaitEnd(queued.id()).status()).as("the session's next turn runs").isEqualTo(TurnStatus.DONE);
        stuck.countDown();
        Await.until(() -> provider.cancelled.contains("late-job"), "the job that came back late to be cancelled");
        assertThat(harness.engine.turn(started.turn().id()).map(Turn::status)).isEqualTo(Optional.of(TurnStatus.FAILED));
    }
}
