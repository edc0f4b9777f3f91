package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.store.Database;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static dev.kontextbot.store.generated.Tables.TURN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two engines, each with its own connection pool, share one PostgreSQL database and one Kontext service: 200 turns
 * in 50 sessions of 4 steps, the steps of each session queued alternately through both instances. Each turn runs
 * exactly once and in its session's order, also when one instance dies halfway. PostgreSQL only (the embedded H2
 * file belongs to one process); TurnLeasesTest and InstanceLeasesTest cover claims and leases on both databases.
 */
class SeveralInstancesTest {
    static final int SESSIONS = 50;
    static final int STEPS = 4;
    /** Short, so the test is quick; long enough that a busy machine's pauses (two thirds of it) cannot let a live lease run out. */
    static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    final QueueService service = new QueueService(300);
    final Map<Long, Integer> doneEvents = new ConcurrentHashMap<>();
    final AtomicLong seeds = new AtomicLong();
    Instance a;
    Instance b;

    /** One bot process: its own pool on the shared database, its own engine. */
    final class Instance implements AutoCloseable {
        final Database database;
        final ConversationEngine engine;

        Instance(String id) {
            database = TestDatabases.open(dir, 4);
            Clock clock = Clock.systemUTC();
            engine = new ConversationEngine(dev.kontextbot.testing.TestImageStores.stores(database, dir, clock), service,
                    new ImageInspector(10_000_000, 40_000_000), EngineHarness.FAST, new InstanceSettings(id, LEASE, false),
                    clock, seeds::incrementAndGet);
            engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    doneEvents.merge(turn.id(), 1, Integer::sum);
                }
            });
            engine.resume();
        }

        @Override
        public void close() throws InterruptedException {
            engine.close();
            database.close();
        }
    }

    @BeforeEach
    void start() {
        assumeTrue(TestDatabases.postgres(), "needs PostgreSQL (KONTEXT_TEST_POSTGRES_URL)");
        a = new Instance("a");
        b = new Instance("b");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (b != null) {
            b.close();
        }
        if (a != null && a.database != null) {
            a.close();
        }
    }

    /**
     * Each session started through one instance, its later steps queued at once (behind the running first step)
     * alternately through both; returns the sessions.
     */
    private List<Long> queueAllTurns() {
        byte[] photo = FakeProvider.png(new EditRequest("photo", null, java.util.List.of()), 1);
        List<Long> sessions = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            Instance first = s % 2 == 0 ? a : b;
            long sessionId = first.engine.start(new StartCommand(EngineHarness.thread("s" + s), "ana", photo, QueueService.prompt(s, 0),
                    ParamOverrides.NONE, null)).session().id();
            sessions.add(sessionId);
            for (int step = 1; step < STEPS; step++) {
                Instance via = (s + step) % 2 == 0 ? a : b;
                via.engine.refine(sessionId, "ana", QueueService.prompt(s, step), ParamOverrides.NONE, null);
            }
        }
        return sessions;
    }

    private int count(TurnStatus status) {
        return b.database.dsl().fetchCount(TURN, TURN.STATUS.eq(status.wireName()));
    }

    private Map<String, Integer> ranBy() {
        return b.database.dsl().select(TURN.INSTANCE_ID).from(TURN).fetch(TURN.INSTANCE_ID).stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.summingInt(id -> 1)));
    }

    private void awaitAllDone() {
        Await.until(() -> count(TurnStatus.DONE) == SESSIONS * STEPS || count(TurnStatus.FAILED) > 0, "all turns to end", Duration.ofSeconds(60));
    }

    /** Each turn submitted once, in its session's order, done with its result heard once; each step edits the one before. */
    private void assertEachTurnRanOnceInOrder(List<Long> sessions) {
        assertThat(count(TurnStatus.DONE)).isEqualTo(SESSIONS * STEPS);
        assertThat(service.submissions).hasSize(SESSIONS * STEPS).allSatisfy((prompt, times) -> assertThat(times).as(prompt).isEqualTo(1));
        assertThat(service.outOfOrder).isEmpty();
        assertThat(doneEvents).hasSize(SESSIONS * STEPS).allSatisfy((turn, times) -> assertThat(times).isEqualTo(1));
        for (long sessionId : sessions) {
            SessionSnapshot snapshot = b.engine.snapshot(sessionId);
            ImageId previous = snapshot.session().source();
            for (SessionSnapshot.TurnSnapshot step : snapshot.turns()) {
                assertThat(step.turn().parent()).as("turn %d edits the result of the step before", step.turn().id()).isEqualTo(previous);
                previous = step.variants().get(0).context();
            }
            assertThat(snapshot.session().head()).isEqualTo(previous);
        }
    }

    @Test
    void twoInstancesRunEachTurnOnceAndEachSessionInOrder() {
        List<Long> sessions = queueAllTurns();

        awaitAllDone();

        assertEachTurnRanOnceInOrder(sessions);
        Map<String, Integer> ranBy = ranBy();
        assertThat(ranBy.keySet()).containsExactlyInAnyOrder("a", "b");
        System.out.printf("two instances, %d turns: ran by %s, submissions %d, out of order %d%n", SESSIONS * STEPS, ranBy,
                service.submissions.values().stream().mapToInt(Integer::intValue).sum(), service.outOfOrder.size());
    }

    @Test
    void whenOneInstanceDiesHalfwayTheOtherTakesOverItsTurnsAfterTheirLeases() throws Exception {
        List<Long> sessions = queueAllTurns();
        Await.until(() -> count(TurnStatus.DONE) >= SESSIONS * STEPS / 2, "half of the turns", Duration.ofSeconds(60));

        a.engine.halt();
        a.database.close();
        long killed = System.nanoTime();
        int orphaned = b.database.dsl().fetchCount(TURN, TURN.STATUS.eq(TurnStatus.RUNNING.wireName()), TURN.INSTANCE_ID.eq("a"));
        Await.until(() -> b.database.dsl().fetchCount(TURN, TURN.STATUS.eq(TurnStatus.RUNNING.wireName()), TURN.INSTANCE_ID.eq("a")) == 0,
                "b to take over a's turns", Duration.ofSeconds(30));
        long takenOverMs = (System.nanoTime() - killed) / 1_000_000;
        awaitAllDone();
        long allDoneMs = (System.nanoTime() - killed) / 1_000_000;
        a = null;

        assertEachTurnRanOnceInOrder(sessions);
        System.out.printf("two instances, %d turns, a killed halfway with %d running turns: taken over by b after %d ms (lease %d ms),"
                        + " all done %d ms after the kill; ran by %s, submissions %d, out of order %d%n", SESSIONS * STEPS, orphaned,
                takenOverMs, LEASE.toMillis(), allDoneMs, ranBy(), service.submissions.values().stream().mapToInt(Integer::intValue).sum(),
                service.outOfOrder.size());
    }
}
