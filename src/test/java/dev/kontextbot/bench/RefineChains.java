package dev.kontextbot.bench;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.store.Database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refine chains on a realistic link: a session started on a distinct 2-megapixel photo, then three refines of its
 * head, through the whole engine and the real fal client, against a loopback fal.ai that reads request bodies at the
 * link's upload rate, serves results at its download rate and takes a log-normal time per job. Each turn's time
 * (command to done) is divided by that job's model time alone; the bytes of each refine's submission are counted
 * at the provider, so they show whatever the bot sends (a data URI of the head today, a URL once it is reused).
 */
final class RefineChains {
    static final int TURNS_PER_CHAIN = 4;

    record Result(Percentiles turnRatios, Percentiles chainRatios, Percentiles refineBytes, Percentiles modelMillis, int chains) {
    }

    private final Path dir;
    private final Link link;
    private final JobDurations durations;

    RefineChains(Path dir, Link link, JobDurations durations) {
        this.dir = dir;
        this.link = link;
        this.durations = durations;
    }

    Result run(int warmup, int chains, int parallel) throws Exception {
        byte[] photo = Photos.cameraLikeJpeg(15);
        try (LoopbackFal fal = new LoopbackFal(durations, link, photo, 16); Database db = BenchEngine.database(dir);
             ConversationEngine engine = BenchEngine.engine(db, dir, BenchEngine.fal(fal.base, BenchEngine.http()))) {
            Map<Long, CompletableFuture<Turn>> finished = new ConcurrentHashMap<>();
            engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    finished.computeIfAbsent(turn.id(), id -> new CompletableFuture<>()).complete(turn);
                }

                @Override
                public void onFailed(Turn turn) {
                    finished.computeIfAbsent(turn.id(), id -> new CompletableFuture<>())
                            .completeExceptionally(new IllegalStateException("turn " + turn.id() + " " + turn.errorMessage()));
                }
            });
            engine.resume();
            List<Long> turnRatios = Collections.synchronizedList(new ArrayList<>());
            List<Long> chainRatios = Collections.synchronizedList(new ArrayList<>());
            List<Long> refineBytes = Collections.synchronizedList(new ArrayList<>());
            List<Long> modelMillis = Collections.synchronizedList(new ArrayList<>());
            // The first chain alone: a platform's first session creates its tenant row, which parallel starts would race for.
            chain(engine, fal, finished, photo, 0, warmup, turnRatios, chainRatios, refineBytes, modelMillis);
            AtomicInteger next = new AtomicInteger(1);
            ExecutorService drivers = Executors.newFixedThreadPool(parallel);
            List<Future<?>> running = new ArrayList<>();
            for (int driver = 0; driver < parallel; driver++) {
                running.add(drivers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < warmup + chains; i = next.getAndIncrement()) {
                        chain(engine, fal, finished, photo, i, warmup, turnRatios, chainRatios, refineBytes, modelMillis);
                    }
                    return null;
                }));
            }
            for (Future<?> driver : running) {
                driver.get();
            }
            drivers.shutdown();
            return new Result(Percentiles.of(turnRatios), Percentiles.of(chainRatios), Percentiles.of(refineBytes),
                    Percentiles.of(modelMillis), chains);
        }
    }

    private static void chain(ConversationEngine engine, LoopbackFal fal, Map<Long, CompletableFuture<Turn>> finished, byte[] photo, int i,
                              int warmup, List<Long> turnRatios, List<Long> chainRatios, List<Long> refineBytes, List<Long> modelMillis)
            throws Exception {
        long chainTime = 0;
        long chainModel = 0;
        Turn turn = null;
        for (int step = 0; step < TURNS_PER_CHAIN; step++) {
            long start = System.nanoTime();
            Turn started = step == 0
                    ? engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("chain-" + i), "bench",
                    Photos.tagged(photo, "chain " + i), "make it a watercolor", ParamOverrides.NONE, null)).turn()
                    : engine.refine(turn.sessionId(), "bench", "now at dusk, step " + step, ParamOverrides.NONE, null);
            turn = finished.computeIfAbsent(started.id(), id -> new CompletableFuture<>()).get(5, TimeUnit.MINUTES);
            long took = System.nanoTime() - start;
            LoopbackFal.Job job = fal.job(turn.providerJob());
            chainTime += took;
            chainModel += job.modelTime().toNanos();
            if (i >= warmup) {
                turnRatios.add(took * 1000 / job.modelTime().toNanos());
                modelMillis.add(job.modelTime().toMillis());
                if (step > 0) {
                    refineBytes.add(job.bytesReceived());
                }
            }
        }
        if (i >= warmup) {
            chainRatios.add(chainTime * 1000 / chainModel);
        }
    }

    /** Model time in this run: median 2 s, 90th percentile 5 s, the same draws every run. */
    static JobDurations modelTimes() {
        return JobDurations.logNormal(Duration.ofSeconds(2), Duration.ofSeconds(5), 15);
    }
}
