package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.port.TurnRepository.Lease;
import dev.kontextbot.store.JooqSessionRepository;
import dev.kontextbot.store.JooqTurnRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One engine among instances that share its database, on whichever database the tests run on: it keeps the leases
 * of what it runs, takes over what a dead instance left, and leaves alone what a live one holds.
 */
class InstanceLeasesTest {
    static final Duration LEASE = Duration.ofMillis(300);

    @TempDir
    Path dir;
    final FakeProvider provider = new FakeProvider();

    private EngineHarness instance(String id, Duration lease) {
        EngineHarness harness = new EngineHarness(dir, provider, EngineHarness.FAST, new InstanceSettings(id, lease, false));
        harness.engine.resume();
        return harness;
    }

    private static byte[] photo() {
        return FakeProvider.png(new EditRequest("source", null, java.util.List.of()), 1);
    }

    /** A running turn as another instance would leave it: claimed under {@code lease}, sent, its job stored. */
    private Turn runningElsewhere(EngineHarness harness, String thread, Lease lease) {
        JooqTurnRepository turns = new JooqTurnRepository(harness.database.dsl());
        var session = new JooqSessionRepository(harness.database.dsl(), Clock.systemUTC()).create(EngineHarness.thread(thread), "ana",
                harness.images.put(photo(), "image/png", 4, 4).id(), ParamOverrides.NONE, null);
        Turn queued = turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.REFINE, "edit in " + thread,
                ParamOverrides.NONE.resolve(() -> 3), null, null, "ana", null, provider.name()), Instant.now());
        ImageId parent = session.head();
        Turn claimed = turns.claim(queued, parent, lease, Instant.now()).orElseThrow();
        String job = ((SubmitOutcome.Submitted) provider.submit(new EditRequest(claimed.prompt(), claimed.params(), java.util.List.of()))).job();
        assertThat(turns.storeJob(claimed.id(), lease.instance(), job)).isTrue();
        return turns.find(claimed.id()).orElseThrow();
    }

    @Test
    void aTurnAnotherInstanceDiedSendingSaysThatInstanceStoppedAndIsNotResent() throws Exception {
        try (EngineHarness b = instance("b", LEASE)) {
            JooqTurnRepository turns = new JooqTurnRepository(b.database.dsl());
            var session = new JooqSessionRepository(b.database.dsl(), Clock.systemUTC()).create(EngineHarness.thread("cut"), "ana",
                    b.images.put(photo(), "image/png", 4, 4).id(), ParamOverrides.NONE, null);
            Turn queued = turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.REFINE, "sent as a died",
                    ParamOverrides.NONE.resolve(() -> 3), null, null, "ana", null, provider.name()), Instant.now());
            // Claimed by instance a, which read its inputs, marked it as being sent, and died before its job id was stored.
            turns.claim(queued, session.head(), new Lease("a", Instant.now().plus(LEASE)), Instant.now()).orElseThrow();
            assertThat(turns.markSubmitting(queued.id(), "a", Instant.now())).isTrue();

            Turn ended = b.awaitEnd(queued.id());

            assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
            assertThat(ended.errorCode()).isEqualTo("interrupted");
            assertThat(ended.errorMessage()).startsWith("Another instance of the bot stopped while sending this edit")
                    .doesNotContain("restarted").contains("Reroll");
            assertThat(provider.submits()).as("not resent: that could charge twice").isZero();
        }
    }

    @Test
    void aDeadInstancesTurnIsTakenOverWhenItsLeaseRunsOutAndFollowedNotResent() throws Exception {
        try (EngineHarness b = instance("b", LEASE)) {
            Turn dead = runningElsewhere(b, "dead", new Lease("a", Instant.now().plus(LEASE)));
            Turn alive = runningElsewhere(b, "alive", new Lease("c", Instant.now().plus(Duration.ofHours(1))));
            provider.releaseAll();

            Turn done = b.awaitStatus(dead.id(), TurnStatus.DONE);

            assertThat(done.providerJob()).isEqualTo(dead.providerJob());
            assertThat(provider.submits()).as("only the two submissions made by the other instances").isEqualTo(2);
            assertThat(b.engine.turn(alive.id()).orElseThrow().status()).isEqualTo(TurnStatus.RUNNING);
            assertThat(new JooqTurnRepository(b.database.dsl()).leaseOf(alive.id())).get().extracting(Lease::instance).isEqualTo("c");
        }
    }

    @Test
    void theLeasesOfRunningTurnsAreRenewedSoNoOtherInstanceCanTakeThemOver() throws Exception {
        provider.holdJobs = true;
        // A lease long enough that a busy test machine's pauses (up to two thirds of it) cannot let it run out.
        Duration lease = Duration.ofSeconds(1);
        try (EngineHarness b = instance("b", lease)) {
            Turn turn = b.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("long"), "ana", photo(), "slow edit",
                    ParamOverrides.NONE, null)).turn();
            b.awaitJob(turn.id());
            JooqTurnRepository turns = new JooqTurnRepository(b.database.dsl());
            Instant threeLeasesLater = Instant.now().plus(lease.multipliedBy(3));
            while (Instant.now().isBefore(threeLeasesLater)) {
                assertThat(turns.takeOver(new Lease("c", Instant.now().plus(lease)), Instant.now(), 10)).isEmpty();
                Thread.sleep(lease.toMillis() / 5);
            }
            assertThat(turns.leaseOf(turn.id())).get().satisfies(held -> {
                assertThat(held.instance()).isEqualTo("b");
                assertThat(held.until()).isAfter(Instant.now());
            });

            provider.releaseAll();
            b.awaitStatus(turn.id(), TurnStatus.DONE);
            assertThat(provider.submits()).isEqualTo(1);
        }
    }

    @Test
    void aGracefulStopGivesLeasesUpSoAnotherInstanceCarriesOnAtOnce() throws Exception {
        provider.holdJobs = true;
        Duration hour = Duration.ofHours(1);
        long turnId;
        try (EngineHarness b = instance("b", hour)) {
            turnId = b.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("handover"), "ana", photo(), "edit",
                    ParamOverrides.NONE, null)).turn().id();
            b.awaitJob(turnId);
        }
        try (EngineHarness c = instance("c", hour)) {
            assertThat(new JooqTurnRepository(c.database.dsl()).leaseOf(turnId)).get().extracting(Lease::instance).isEqualTo("c");
            provider.releaseAll();
            c.awaitStatus(turnId, TurnStatus.DONE);
            assertThat(provider.submits()).isEqualTo(1);
        }
    }

    @Test
    void aQueuedTurnNobodyWokeIsStartedByTheSweep() throws Exception {
        try (EngineHarness b = instance("b", LEASE)) {
            JooqTurnRepository turns = new JooqTurnRepository(b.database.dsl());
            var session = new JooqSessionRepository(b.database.dsl(), Clock.systemUTC()).create(EngineHarness.thread("lost wake"), "ana",
                    b.images.put(photo(), "image/png", 4, 4).id(), ParamOverrides.NONE, null);
            Turn queued = turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.REFINE, "queued by an instance that died",
                    ParamOverrides.NONE.resolve(() -> 5), null, null, "ana", null, provider.name()), Instant.now());

            Turn done = b.awaitStatus(queued.id(), TurnStatus.DONE);

            assertThat(done.parent()).isEqualTo(session.head());
            assertThat(provider.submitted).extracting(EditRequest::prompt).containsExactly("queued by an instance that died");
        }
    }
}
