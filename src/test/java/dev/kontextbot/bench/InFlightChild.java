package dev.kontextbot.bench;

import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.store.Database;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import javax.management.ObjectName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM parts of the benchmark, each in a JVM of its own:
 * <ul>
 *   <li>{@code inflight <fal base> <turns> <dir>}: that many turns, each a new session with a distinct 2-megapixel JPEG, submitted
 *   at once through the real fal client to the parent's loopback fal.ai; reports peak heap, live heap with all in flight,
 *   peak threads, CPU per turn.</li>
 *   <li>{@code idle <warm-up sessions> <measured sessions> <dir>}: sessions with one finished turn each; heap after GC before
 *   and after the measured ones.</li>
 * </ul>
 */
public final class InFlightChild {
    private InFlightChild() {
    }

    public static void main(String[] args) {
        try {
            Path dir = Files.createDirectories(Path.of(args[3]));
            if (args[0].equals("inflight")) {
                inFlight(args[1], Integer.parseInt(args[2]), dir);
            } else {
                idle(Integer.parseInt(args[1]), Integer.parseInt(args[2]), dir);
            }
        } catch (Exception | Error e) {
            // The parent reads only the RESULT line: a failure must end this JVM, with its reason on the output.
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void inFlight(String falBase, int turns, Path dir) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong peakHeap = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peakInFlight = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger peakAccepted = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        byte[] photo = Photos.twoMegapixelJpeg();
        try (Database db = BenchEngine.database(dir);
             ConversationEngine engine = BenchEngine.engine(db, dir, BenchEngine.fal(falBase, BenchEngine.http()))) {
            CountDownLatch done = new CountDownLatch(turns);
            CountDownLatch scored = new CountDownLatch(turns);
            AtomicInteger failed = new AtomicInteger();
            engine.addListener(new TurnListener() {
                @Override
                public void onQueued(Turn turn, int position) {
                    peakAccepted.accumulateAndGet(accepted.incrementAndGet(), Math::max);
                }

                @Override
                public void onProgress(Turn turn, JobProgress stage, Duration elapsed) {
                    if (stage instanceof JobProgress.Submitted) {
                        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    }
                }

                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    inFlight.decrementAndGet();
                    accepted.decrementAndGet();
                    done.countDown();
                }

                @Override
                public void onScored(Turn turn) {
                    scored.countDown();
                }

                @Override
                public void onFailed(Turn turn) {
                    failed.incrementAndGet();
                    done.countDown();
                    scored.countDown();
                }
            });
            engine.resume();
            long cpuBefore = cpu();
            long start = System.nanoTime();
            // The first turn alone: a platform's first session creates its tenant row, which parallel starts race for
            // (H2 answers the loser "concurrent update in table TENANT"; see docs/benchmark.md).
            engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("flight-0"), "bench", Photos.tagged(photo, "flight-0"),
                    "make it a watercolor", ParamOverrides.NONE, null));
            ExecutorService clients = Executors.newFixedThreadPool(4);
            AtomicInteger next = new AtomicInteger(1);
            List<Future<?>> submitting = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                submitting.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < turns; i = next.getAndIncrement()) {
                        // Distinct bytes per person (same pixels): each source is stored, and measured for its score, once.
                        engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("flight-" + i), "bench",
                                Photos.tagged(photo, "flight-" + i), "make it a watercolor", ParamOverrides.NONE, null));
                    }
                    return null;
                }));
            }
            for (Future<?> f : submitting) {
                f.get();
            }
            clients.shutdown();
            double submittedAfter = (System.nanoTime() - start) / 1e9;
            // The heap that stays with every turn in flight: what is left after a collection, garbage aside.
            System.gc();
            long liveInFlight = memory.getHeapMemoryUsage().getUsed();
            int inFlightAtGc = inFlight.get();
            boolean all = done.await(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            // Fidelity scores follow the results on a thread of their own; their CPU belongs to the turns too.
            boolean allScored = scored.await(10, TimeUnit.MINUTES);
            double scoredSeconds = (System.nanoTime() - start) / 1e9;
            long cpu = cpu() - cpuBefore;
            System.out.printf(Locale.ROOT, "RESULT done=%d failed=%d all=%b seconds=%.1f scoredAll=%b scoredSeconds=%.1f submittedAfter=%.1f"
                            + " peakInFlight=%d peakAccepted=%d peakHeapMb=%.0f"
                            + " liveHeapMb=%.0f inFlightAtGc=%d peakThreads=%d cpuMsPerTurn=%.1f maxHeapMb=%d peakRssMb=%.0f%n",
                    turns - done.getCount() - failed.get(), failed.get(), all, seconds, allScored, scoredSeconds, submittedAfter,
                    peakInFlight.get(), peakAccepted.get(),
                    peakHeap.get() / 1048576.0, liveInFlight / 1048576.0, inFlightAtGc, threads.getPeakThreadCount(),
                    cpu / 1e6 / turns, Runtime.getRuntime().maxMemory() >> 20, ProcessMemory.peakResidentMb("self"));
        }
    }

    /**
     * Heap is measured as live objects after a full collection (the class histogram's total). H2 keeps the records of
     * the chunks written in the last 45 s (its retention time) and drops them at a later commit: the measurement waits
     * that out and makes one more session, so it shows what stays, not the last minute's writes.
     */
    private static void idle(int warm, int measured, Path dir) throws Exception {
        try (Database db = BenchEngine.database(dir);
             ConversationEngine engine = BenchEngine.engine(db, dir, new LatencyProvider(Duration.ZERO))) {
            AtomicInteger finished = new AtomicInteger();
            engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    finished.incrementAndGet();
                }
            });
            engine.resume();
            sessions(engine, 0, warm, finished);
            Thread.sleep(RETENTION_WAIT.toMillis());
            sessions(engine, warm, warm + 1, finished);
            long before = liveHeap();
            sessions(engine, warm + 1, warm + 1 + measured, finished);
            long during = liveHeap();
            Thread.sleep(RETENTION_WAIT.toMillis());
            sessions(engine, warm + 1 + measured, warm + 2 + measured, finished);
            long after = liveHeap();
            System.out.printf(Locale.ROOT, "RESULT sessions=%d liveBeforeMb=%.1f liveAfterMb=%.1f bytesPerSession=%d bytesPerSessionWithin45s=%d%n",
                    warm + 2 + measured, before / 1048576.0, after / 1048576.0, (after - before) / measured, (during - before) / measured);
        }
    }

    /** H2's default retention time (45 s) and a little more. */
    private static final Duration RETENTION_WAIT = Duration.ofSeconds(50);

    /** Sessions {@code from}..{@code to}, each started with a small image and left once its first turn is done. */
    private static void sessions(ConversationEngine engine, int from, int to, AtomicInteger finished) throws InterruptedException {
        for (int i = from; i < to; i++) {
            engine.start(new ConversationEngine.StartCommand(BenchEngine.thread("idle-" + i), "bench", LatencyProvider.png(i), "edit " + i,
                    ParamOverrides.NONE, null));
        }
        while (finished.get() < to) {
            Thread.sleep(10);
        }
    }

    /** Bytes of live objects, from a class histogram (which collects garbage first). */
    private static long liveHeap() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[]{null}, new String[]{String[].class.getName()});
        String total = histogram.lines().filter(line -> line.startsWith("Total")).findFirst().orElseThrow();
        return Long.parseLong(total.trim().split("\\s+")[2]);
    }

    private static long cpu() {
        return ProcessCpu.process();
    }
}
