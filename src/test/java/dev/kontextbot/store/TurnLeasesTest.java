package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.port.TurnRepository.Lease;
import dev.kontextbot.testing.AtOnce;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims and leases as the store keeps them: what lets several bot instances share one database. */
class TurnLeasesTest extends DatabaseTest {
    JooqSessionRepository sessions;
    JooqTurnRepository turns;
    JooqTransactions transactions;
    ImageId image;
    /** Databases keep microseconds. */
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        turns = new JooqTurnRepository(database.dsl());
        transactions = new JooqTransactions(database.dsl());
        image = new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC()).put(new byte[]{1}, "image/png", 1, 1).id();
    }

    private long session(String thread) {
        return sessions.create(new Conversation(new Platform("playground"), "t", "c", thread), "ana", image, ParamOverrides.NONE, null).id();
    }

    private Turn queue(long sessionId, String prompt) {
        return turns.insert(new TurnRepository.NewTurn(sessionId, TurnKind.REFINE, prompt, ParamOverrides.NONE.resolve(() -> 1),
                null, null, "ana", null, "fake"), now);
    }

    private Lease lease(String instance, long seconds) {
        return new Lease(instance, now.plusSeconds(seconds));
    }

    /** A new session whose only turn {@code instance} runs: claimed, and being sent. */
    private Turn running(String thread, String instance) {
        long sessionId = session(thread);
        queue(sessionId, "p");
        Turn claimed = claimNext(sessionId, instance).orElseThrow();
        assertThat(turns.markSubmitting(claimed.id(), instance, now)).isTrue();
        return turns.find(claimed.id()).orElseThrow();
    }

    /** What an instance does to start a session's next turn: all under the session's lane lock. */
    private Optional<Turn> claimNext(long sessionId, String instance) {
        return transactions.inTransaction(() -> {
            TurnRepository.Lane lane = turns.lockLane(sessionId);
            if (lane.busy()) {
                return Optional.<Turn>empty();
            }
            OptionalLong next = turns.oldestQueued(sessionId);
            return next.isEmpty() ? Optional.<Turn>empty()
                    : turns.claim(turns.find(next.getAsLong()).orElseThrow(), lane.head(), lease(instance, 30), now);
        });
    }

    @Test
    void aClaimTakesTheOldestQueuedTurnAndLeavesMarkingItAsBeingSentToTheSubmission() {
        long sessionId = session("claim");
        Turn first = queue(sessionId, "first");
        queue(sessionId, "second");

        Turn claimed = claimNext(sessionId, "a").orElseThrow();

        assertThat(claimed.id()).isEqualTo(first.id());
        assertThat(claimed.status()).isEqualTo(TurnStatus.RUNNING);
        assertThat(claimed.parent()).isEqualTo(image);
        assertThat(claimed.submittingAt()).as("not sent yet: its inputs are read first").isNull();
        assertThat(claimed.attempts()).isZero();
        assertThat(turns.find(first.id()).orElseThrow().submittingAt()).isNull();
        assertThat(turns.markSubmitting(first.id(), "a", now)).isTrue();
        assertThat(turns.find(first.id()).orElseThrow()).satisfies(sending -> {
            assertThat(sending.submittingAt()).isNotNull();
            assertThat(sending.attempts()).isEqualTo(1);
        });
        assertThat(turns.leaseOf(first.id())).contains(lease("a", 30));
        assertThat(claimNext(sessionId, "b")).as("the lane is busy until the first turn ends").isEmpty();
        turns.end(first.id(), "a", TurnStatus.FAILED, "x", "y", now);
        assertThat(claimNext(sessionId, "b")).get().extracting(Turn::prompt).isEqualTo("second");
    }

    @Test
    void instancesClaimingTheSameSessionAtOnceStartOneTurn() throws Exception {
        long sessionId = session("race");
        for (int i = 0; i < 5; i++) {
            queue(sessionId, "turn " + i);
        }
        List<Turn> claimed = AtOnce.run(8, i -> claimNext(sessionId, "instance-" + i)).stream().flatMap(Optional::stream).toList();

        assertThat(claimed).hasSize(1);
        assertThat(claimed.get(0).prompt()).isEqualTo("turn 0");
        assertThat(turns.ofSession(sessionId)).filteredOn(t -> t.status() == TurnStatus.RUNNING).hasSize(1);
    }

    @Test
    void renewingExtendsOnlyTheLeasesTheInstanceStillHolds() {
        Turn mine = running("mine", "a");
        Turn cancelled = running("cancelled", "a");
        Turn theirs = running("theirs", "b");
        turns.end(cancelled.id(), null, TurnStatus.CANCELLED, "cancelled", "by bo", now);

        var renewed = turns.renewLeases(List.of(mine.id(), cancelled.id(), theirs.id()), lease("a", 90));

        assertThat(renewed).containsExactly(mine.id());
        assertThat(turns.leaseOf(mine.id())).contains(lease("a", 90));
        assertThat(turns.leaseOf(theirs.id())).contains(lease("b", 30));
    }

    @Test
    void expiredAndGivenUpLeasesAreTakenOverOnceAndLiveOnesAreLeftAlone() {
        Turn expired = running("expired", "dead");
        Turn live = running("live", "alive");
        Turn released = running("released", "stopped");
        turns.renewLeases(List.of(expired.id()), lease("dead", -1));
        turns.releaseLeases("stopped", List.of(released.id()));

        List<TurnRepository.TakenOver> taken = turns.takeOver(lease("b", 30), now, 10);
        List<TurnRepository.TakenOver> again = turns.takeOver(lease("c", 30), now, 10);

        assertThat(taken).extracting(t -> t.turn().id()).containsExactly(expired.id(), released.id());
        assertThat(taken).extracting(TurnRepository.TakenOver::heldBy).as("who held each until then").containsExactly("dead", "stopped");
        assertThat(again).isEmpty();
        assertThat(turns.leaseOf(expired.id())).contains(lease("b", 30));
        assertThat(turns.leaseOf(live.id())).contains(lease("alive", 30));
        assertThat(turns.takeOver(lease("c", 30), null, 10)).as("a sole instance at start takes every running turn")
                .extracting(t -> t.turn().id()).containsExactly(expired.id(), live.id(), released.id());
    }

    @Test
    void anInstanceThatLostATurnCanNoLongerSendStoreOrFinishIt() {
        Turn turn = running("fenced", "old");
        turns.renewLeases(List.of(turn.id()), lease("old", -1));
        turns.takeOver(lease("new", 30), now, 10);
        Variant variant = new Variant(turn.id(), 0, image, image, 1, 0);

        assertThat(turns.markSubmitting(turn.id(), "old", now)).isFalse();
        assertThat(turns.storeJob(turn.id(), "old", "job-old")).isFalse();
        assertThat(turns.clearSubmitting(turn.id(), "old")).isFalse();
        assertThat(turns.complete(turn.id(), "old", List.of(variant), 1, java.util.Optional.empty(), now)).isFalse();
        assertThat(turns.end(turn.id(), "old", TurnStatus.FAILED, "x", "y", now)).isFalse();
        assertThat(turns.storeJob(turn.id(), "new", "job-new")).isTrue();
        assertThat(turns.complete(turn.id(), "new", List.of(variant), 1, java.util.Optional.empty(), now)).isTrue();

        Turn stored = turns.find(turn.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(TurnStatus.DONE);
        assertThat(stored.providerJob()).isEqualTo("job-new");
        assertThat(stored.attempts()).isEqualTo(1);
    }

    @Test
    void onlyAnEmbeddedH2FileIsKnownToHaveNoOtherInstance() {
        assertThat(database.soleUser()).isEqualTo(!TestDatabases.postgres());
    }

    @Test
    void idleLanesAreSessionsWithQueuedTurnsAndNoneRunning() {
        long idle = session("idle");
        long busy = session("busy");
        long empty = session("empty");
        queue(idle, "waiting");
        queue(busy, "running");
        queue(busy, "waiting behind");
        claimNext(busy, "a").orElseThrow();

        assertThat(turns.idleLanes(10)).containsExactly(idle).doesNotContain(empty);
    }
}
