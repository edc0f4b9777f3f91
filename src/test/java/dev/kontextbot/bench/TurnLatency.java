package dev.kontextbot.bench;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.store.Database;
import okhttp3.OkHttpClient;

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
 * A turn through the whole engine (image intake and storage, database steps, the real fal client, result download,
 * events) against a loopback fal.ai whose jobs take {@code latency}, side by side with the same call made directly
 * ({@link DirectFalCall}): each sample runs one of each at the same moment, {@code parallel} samples at a time, every
 * input a distinct 2-megapixel JPEG. Warm-up samples (JIT, and the jobs the poll schedule learns from) are dropped.
 */
final class TurnLatency {
    record Result(Percentiles engine, Percentiles direct, int samples, double engineLooksPerJob, double directLooksPerJob) {
        double ratioAt(int percentile) {
            return (double) engine.at(percentile) / direct.at(percentile);
        }
    }

    private final Path dir;
    private final Duration latency;

    TurnLatency(Path dir, Duration latency) {
        this.dir = dir;
        this.latency = latency;
    }

    Result run(int warmup, int samples, int parallel) throws Exception {
        byte[] photo = Photos.twoMegapixelJpeg();
        OkHttpClient engineHttp = BenchEngine.http();
        try (LoopbackFal fal = new LoopbackFal(latency, photo, 16); Database db = BenchEngine.database(dir);
             ConversationEngine engine = BenchEngine.engine(db, dir, BenchEngine.fal(fal.base, engineHttp))) {
            Map<Long, CompletableFuture<Long>> finished = new ConcurrentHashMap<>();
            engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    finished.computeIfAbsent(turn.id(), id -> new CompletableFuture<>()).complete(System.nanoTime());
                }

                @Override
                public void onFailed(Turn turn) {
                    finished.computeIfAbsent(turn.id(), id -> new CompletableFuture<>())
                            .completeExceptionally(new IllegalStateException("turn " + turn.id() + " " + turn.errorMessage()));
                }
            });
            engine.resume();
            DirectFalCall direct = new DirectFalCall(BenchEngine.http(), fal.base);
            List<Long> engineTimes = Collections.synchronizedList(new ArrayList<>());
            List<Long> directTimes = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            ExecutorService drivers = Executors.newFixedThreadPool(parallel * 2);
            List<Future<?>> running = new ArrayList<>();
            for (int driver = 0; driver < parallel; driver++) {
                running.add(drivers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < warmup + samples; i = next.getAndIncrement()) {
                        byte[] input = Photos.tagged(photo, "sample " + i);
                        int sample = i;
                        Future<Long> viaDirect = drivers.submit(() -> {
                            long start = System.nanoTime();
                            direct.run(input, sample);
                            return System.nanoTime() - start;
                        });
                        long start = System.nanoTime();
                        Turn turn = engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("latency-" + i), "bench", input,
                                "make it a watercolor", ParamOverrides.NONE, null)).turn();
                        long end = finished.computeIfAbsent(turn.id(), id -> new CompletableFuture<>()).get(5, TimeUnit.MINUTES);
                        long directTime = viaDirect.get(5, TimeUnit.MINUTES);
                        if (i >= warmup) {
                            engineTimes.add(end - start);
                            directTimes.add(directTime);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> driver : running) {
                driver.get();
            }
            drivers.shutdown();
            int jobs = warmup + samples;
            return new Result(Percentiles.of(engineTimes), Percentiles.of(directTimes), engineTimes.size(),
                    (double) fal.looksWith("Key bench-key") / jobs, (double) fal.looksWith("Key bench") / jobs);
        }
    }
}
