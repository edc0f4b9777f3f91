package dev.kontextbot.bench;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.store.Database;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Turns persisted per second in embedded H2 with durable commits, through the engine: refine turns on
 * {@code sessions} sessions at once, one turn at a time each, against a provider that answers at once with a small
 * PNG, so what is measured is the engine's own work for a turn — store and claim, the job, the result image written
 * to the image store, done with its variant and the new head, the fidelity score and its commit — until the score is
 * stored. (The figure before 2026-12 wrote only the turn's rows, and skipped the result image and the score.)
 */
final class Persistence {
    /** {@code othersCores}: how many cores other processes kept busy meanwhile, on average (NaN where unknown). */
    record Result(double turnsPerSecond, double cpuMicrosPerTurn, double othersCores) {
    }

    private final Path dir;

    Persistence(Path dir) {
        this.dir = dir;
    }

    Result run(int sessions, int warmup, int measured) throws Exception {
        try (Database db = BenchEngine.database(dir);
             ConversationEngine engine = BenchEngine.engine(db, dir, new LatencyProvider(java.time.Duration.ZERO))) {
            Map<Long, CompletableFuture<Turn>> scored = new ConcurrentHashMap<>();
            engine.addListener(new TurnListener() {
                @Override
                public void onScored(Turn turn) {
                    scored.computeIfAbsent(turn.id(), id -> new CompletableFuture<>()).complete(turn);
                }

                @Override
                public void onFailed(Turn turn) {
                    scored.computeIfAbsent(turn.id(), id -> new CompletableFuture<>())
                            .completeExceptionally(new IllegalStateException("turn " + turn.id() + " " + turn.errorMessage()));
                }
            });
            engine.resume();
            long[] lanes = new long[sessions];
            for (int s = 0; s < sessions; s++) {
                Turn first = engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("persist-" + s), "bench", LatencyProvider.png(s),
                        "make it a watercolor", ParamOverrides.NONE, null)).turn();
                scored.computeIfAbsent(first.id(), id -> new CompletableFuture<>()).get(1, TimeUnit.MINUTES);
                lanes[s] = first.sessionId();
            }
            runOn(engine, scored, lanes, warmup);
            long cpu = ProcessCpu.process();
            long machine = MachineCpu.busy();
            long start = System.nanoTime();
            runOn(engine, scored, lanes, measured);
            long wall = System.nanoTime() - start;
            long own = ProcessCpu.process() - cpu;
            double others = machine < 0 ? Double.NaN : Math.max(0, MachineCpu.busy() - machine - own) / (double) wall;
            return new Result(measured / (wall / 1e9), own / 1e3 / measured, others);
        }
    }

    private static void runOn(ConversationEngine engine, Map<Long, CompletableFuture<Turn>> scored, long[] lanes, int turnCount)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(lanes.length);
        List<Future<?>> work = new ArrayList<>();
        for (long sessionId : lanes) {
            work.add(pool.submit(() -> {
                for (int i = 0; i < turnCount / lanes.length; i++) {
                    Turn turn = engine.refine(sessionId, "bench", "make it a watercolor " + i, ParamOverrides.NONE, null);
                    scored.computeIfAbsent(turn.id(), id -> new CompletableFuture<>()).get(1, TimeUnit.MINUTES);
                    scored.remove(turn.id());
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }
}
