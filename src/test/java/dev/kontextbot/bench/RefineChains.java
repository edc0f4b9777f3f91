package dev.kontextbot.bench;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.store.Database;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refine chains on a realistic link: a session started on a distinct 2-megapixel photo attached on a chat platform's
 * CDN (see {@link #startFromAttachment}), then three refines of its head, through the whole engine and the real fal client, against a loopback fal.ai that reads request bodies at the
 * link's upload rate, serves results at its download rate and takes a log-normal time per job. Each turn's time
 * (command to done) is divided by that job's model time alone; the bytes of each refine's submission are counted
 * at the provider, so they show whatever the bot sends (a data URI of the head today, a URL once it is reused).
 */
final class RefineChains {
    static final int TURNS_PER_CHAIN = 4;

    record Result(Percentiles turnRatios, Percentiles chainRatios, Percentiles refineBytes, Percentiles modelMillis, int chains,
                  Phases phases) {
    }

    /**
     * Where a turn's time beyond its model's goes, in nanoseconds, per turn: from the command to the whole submission at
     * the provider (intake, storing, claiming, the upload); from the job's end to the look that saw it ended (the poll
     * schedule); from that look to the result file sent (status → result → download); from there to the turn done (the
     * result inspected and stored, the head moved, the turn committed and announced).
     */
    record Phases(List<Long> toProvider, List<Long> lookLate, List<Long> fetch, List<Long> toDone) {
        Phases() {
            this(syncList(), syncList(), syncList(), syncList());
        }

        private static List<Long> syncList() {
            return Collections.synchronizedList(new ArrayList<>());
        }

        void add(long start, LoopbackFal.Job job, long done) {
            toProvider.add(job.arrived() - start);
            lookLate.add(job.seenCompleted() - job.ready());
            fetch.add(job.resultSent() - job.seenCompleted());
            toDone.add(done - job.resultSent());
        }

        /** "p50 / p99" in milliseconds, per phase. */
        String describe() {
            return String.format(java.util.Locale.ROOT, "to the provider %s, look after the job's end %s, result fetched %s, stored and announced %s",
                    ms(toProvider), ms(lookLate), ms(fetch), ms(toDone));
        }

        private static String ms(List<Long> nanos) {
            Percentiles p = Percentiles.of(nanos);
            return String.format(java.util.Locale.ROOT, "%.0f / %.0f ms", p.millisAt(50), p.millisAt(99));
        }
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
            Phases phases = new Phases();
            // The first chain alone: a platform's first session creates its tenant row, which parallel starts would race for.
            chain(engine, fal, finished, 0, warmup, turnRatios, chainRatios, refineBytes, modelMillis, phases);
            AtomicInteger next = new AtomicInteger(1);
            ExecutorService drivers = Executors.newFixedThreadPool(parallel);
            List<Future<?>> running = new ArrayList<>();
            for (int driver = 0; driver < parallel; driver++) {
                running.add(drivers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < warmup + chains; i = next.getAndIncrement()) {
                        chain(engine, fal, finished, i, warmup, turnRatios, chainRatios, refineBytes, modelMillis, phases);
                    }
                    return null;
                }));
            }
            for (Future<?> driver : running) {
                driver.get();
            }
            drivers.shutdown();
            return new Result(Percentiles.of(turnRatios), Percentiles.of(chainRatios), Percentiles.of(refineBytes),
                    Percentiles.of(modelMillis), chains, phases);
        }
    }

    private static void chain(ConversationEngine engine, LoopbackFal fal, Map<Long, CompletableFuture<Turn>> finished, int i,
                              int warmup, List<Long> turnRatios, List<Long> chainRatios, List<Long> refineBytes, List<Long> modelMillis,
                              Phases phases) throws Exception {
        long chainTime = 0;
        long chainModel = 0;
        Turn turn = null;
        for (int step = 0; step < TURNS_PER_CHAIN; step++) {
            long start = System.nanoTime();
            Turn started = step == 0 ? startFromAttachment(engine, fal, i)
                    : engine.refine(turn.sessionId(), "bench", "now at dusk, step " + step, ParamOverrides.NONE, null);
            turn = finished.computeIfAbsent(started.id(), id -> new CompletableFuture<>()).get(5, TimeUnit.MINUTES);
            long done = System.nanoTime();
            long took = done - start;
            LoopbackFal.Job job = fal.job(turn.providerJob());
            chainTime += took;
            chainModel += job.modelTime().toNanos();
            if (i >= warmup) {
                turnRatios.add(took * 1000 / job.modelTime().toNanos());
                modelMillis.add(job.modelTime().toMillis());
                phases.add(start, job, done);
                if (step > 0) {
                    refineBytes.add(job.bytesReceived());
                }
            }
        }
        if (i >= warmup) {
            chainRatios.add(chainTime * 1000 / chainModel);
        }
    }

    /**
     * A chain starts as it does on Discord: the photo is an attachment on the platform's CDN, which the bot downloads (at
     * the link's download rate, inside the turn's time) and starts from, telling the engine its public URL, so the
     * provider is sent the URL and fetches the photo itself instead of the bot uploading it.
     */
    private static Turn startFromAttachment(ConversationEngine engine, LoopbackFal fal, int chain) throws java.io.IOException {
        URI attachment = URI.create(fal.base + "/cdn/attachments/chain-" + chain + ".jpg");
        byte[] photo;
        try (okhttp3.Response response = CDN.newCall(new okhttp3.Request.Builder().url(attachment.toString()).build()).execute()) {
            photo = response.body().bytes();
        }
        engine.knownAt(photo, attachment, Optional.of(Instant.now().plus(Duration.ofHours(24))));
        return engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("chain-" + chain), "bench", photo,
                "make it a watercolor", ParamOverrides.NONE, null)).turn();
    }

    private static final okhttp3.OkHttpClient CDN = BenchEngine.http();

    /** Model time in this run: median 2 s, 90th percentile 5 s, the same draws every run. */
    static JobDurations modelTimes() {
        return JobDurations.logNormal(Duration.ofSeconds(2), Duration.ofSeconds(5), 15);
    }
}
