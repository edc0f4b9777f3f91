package dev.kontextbot.bench;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.JooqSessionRepository;
import dev.kontextbot.store.JooqTransactions;
import dev.kontextbot.store.JooqTurnRepository;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns persisted per second in embedded H2 with durable commits: the writes the engine makes for a turn, in its
 * order and transactions — stored and claimed in one (lane lock with the head, running check, insert, oldest queued id, claim: running, leased,
 * submission marked), the job id, done with its variant and the new head (then a look for a next turn) — on
 * {@code threads} threads at once, each on sessions of its own, as the engine's workers do.
 */
final class Persistence {
    record Result(double turnsPerSecond, double cpuMicrosPerTurn) {
    }

    private final Path dir;

    Persistence(Path dir) {
        this.dir = dir;
    }

    Result run(int threads, int warmup, int measured) throws Exception {
        try (Database db = BenchEngine.database(dir)) {
            Clock clock = Clock.systemUTC();
            JooqSessionRepository sessions = new JooqSessionRepository(db.dsl(), clock);
            JooqTurnRepository turns = new JooqTurnRepository(db.dsl());
            JooqTransactions tx = new JooqTransactions(db.dsl());
            ImageId image = new FileImageStore(dir.resolve("images"), db.dsl(), clock).put(new byte[]{1, 2, 3}, "image/png", 1, 1).id();
            long[] lanes = new long[threads];
            for (int t = 0; t < threads; t++) {
                lanes[t] = sessions.create(BenchEngine.thread("persist-" + t), "bench", image, ParamOverrides.NONE, null).id();
            }
            TurnParams params = ParamOverrides.NONE.resolve(() -> 1);
            Lifecycle lifecycle = new Lifecycle(sessions, turns, tx, clock, image, params);
            runOn(threads, lanes, warmup, lifecycle);
            long cpu = ProcessCpu.process();
            long start = System.nanoTime();
            runOn(threads, lanes, measured, lifecycle);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(measured / seconds, (ProcessCpu.process() - cpu) / 1e3 / measured);
        }
    }

    private static void runOn(int threads, long[] lanes, int turnCount, Lifecycle lifecycle) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long sessionId = lanes[t];
            work.add(pool.submit(() -> {
                for (int i = 0; i < turnCount / threads; i++) {
                    lifecycle.turn(sessionId);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }

    private record Lifecycle(JooqSessionRepository sessions, JooqTurnRepository turns, JooqTransactions tx, Clock clock, ImageId image,
                             TurnParams params) {
        void turn(long sessionId) {
            Turn claimed = tx.inTransaction(() -> {
                TurnRepository.Lane lane = turns.lockLane(sessionId);
                if (lane.busy()) {
                    throw new IllegalStateException("a turn of session " + sessionId + " is still running");
                }
                Turn stored = turns.insert(new TurnRepository.NewTurn(sessionId, TurnKind.REFINE, "make it a watercolor", params, null,
                        null, "bench", null, "fal"), clock.instant());
                if (turns.oldestQueued(sessionId).orElseThrow() != stored.id()) {
                    throw new IllegalStateException("an older turn of session " + sessionId + " is still queued");
                }
                return turns.claim(stored, lane.head(), new TurnRepository.Lease("bench", clock.instant().plusSeconds(30)), clock.instant());
            }).orElseThrow();
            turns.storeJob(claimed.id(), "bench", "{\"request_id\":\"r1\",\"status_url\":\"https://queue.fal.run/x/requests/r1/status\"}");
            Variant variant = new Variant(claimed.id(), 0, image, image, 1, 0);
            tx.run(() -> {
                turns.complete(claimed.id(), "bench", List.of(variant), 40_000, java.util.Optional.empty(), clock.instant());
                sessions.changeHead(sessionId, new HeadChange(image, variant.ref(), HeadChange.Reason.TURN));
            });
            // The engine looks for a next turn before trying to claim one (a plain read).
            turns.hasQueued(sessionId);
        }
    }
}
