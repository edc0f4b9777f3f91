package dev.kontextbot.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.kontextbot.bench.BenchTable.f;

/**
 * Issue 7's figures, measured side by side in one run and printed as a table (the README's benchmark section):
 * a turn through the engine against the same call made directly, 1,000 turns in flight in a 512 MB JVM, turns
 * persisted per second and heap per idle session in embedded H2, and the real jar's cold start.
 * Run: {@code mvn -q -B -Pbench verify -DskipTests -DskipITs} (it builds the jar first).
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kontext-bench");
        BenchTable table = new BenchTable();
        String machine = f("%d cores, JDK %s, %s, load average %.1f at the start", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), LocalDate.now(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("kontext-bot benchmark — " + machine);

        try {
            coldStart(table, dir.resolve("coldstart"));
            persistence(table, dir);
            idleHeap(table, dir.resolve("idle"));
            inFlight(table, dir.resolve("inflight"));
            latency(table, dir.resolve("latency"));
        } finally {
            // A run leaves gigabytes: databases and thousands of 2 MP pictures.
            deleteTree(dir);
        }

        System.out.println();
        System.out.println("Figures from " + machine + f(", %.1f at the end:", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.println();
        System.out.print(table.markdown());
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void latency(BenchTable table, Path dir) throws Exception {
        Duration latency = Duration.ofSeconds(2);
        TurnLatency.Result r = new TurnLatency(dir, latency).run(24, 200, 8);
        String detail = f("engine %,.0f ms, direct %,.0f ms", r.engine().millisAt(50), r.direct().millisAt(50));
        table.add("turn through the engine ÷ the same fal call made directly, p50 (provider 2 s, 2 MP JPEG, 200 samples, 8 at a time)",
                f("%.3f (%s)", r.ratioAt(50), detail), "≤ 1.02", r.ratioAt(50) <= 1.02);
        table.add("… p99", f("%.3f (engine %,.0f ms, direct %,.0f ms)", r.ratioAt(99), r.engine().millisAt(99), r.direct().millisAt(99)),
                "≤ 1.05", r.ratioAt(99) <= 1.05);
        table.add("… status looks per job: engine (learned schedule) / direct (every 50 ms)",
                f("%.1f / %.1f", r.engineLooksPerJob(), r.directLooksPerJob()), null, null);
    }

    private static void inFlight(BenchTable table, Path dir) throws Exception {
        int turns = 1000;
        try (LoopbackFal fal = new LoopbackFal(Duration.ofSeconds(10), Photos.twoMegapixelJpeg(), 32)) {
            Map<String, String> r = ChildJvm.run(List.of("-Xmx512m"), InFlightChild.class, "inflight", fal.base, Integer.toString(turns),
                    dir.toString());
            boolean all = Boolean.parseBoolean(r.get("all")) && r.get("done").equals(Integer.toString(turns));
            table.add(f("%,d turns in flight at once (provider 10 s, 2 MP JPEG each; child JVM, -Xmx512m): completed", turns),
                    f("%s of %,d done in %s s (all scored after %s s); at most %s accepted and unfinished at once, %s at the provider"
                                    + " (all accepted after %s s)", r.get("done"), turns, r.get("seconds"), r.get("scoredSeconds"),
                            r.get("peakAccepted"), r.get("peakInFlight"), r.get("submittedAfter")), "all", all);
            double peak = Double.parseDouble(r.get("peakHeapMb"));
            table.add("… heap: peak used (sampled every 5 ms, garbage included) / live after a GC with the turns in flight",
                    f("%.0f MB / %s MB (%s in flight)", peak, r.get("liveHeapMb"), r.get("inFlightAtGc")), "≤ 512 MB", all && peak <= 512);
            int threads = Integer.parseInt(r.get("peakThreads"));
            table.add("… peak live threads (JVM's own included)", Integer.toString(threads), "no thread per job", threads < turns / 10);
            table.add("… CPU per turn (whole process: intake, database, HTTP, storage, fidelity scoring, JIT, GC)", r.get("cpuMsPerTurn") + " ms",
                    null, null);
        }
    }

    /** After 30,000 turns: the JIT needs that long to settle on H2's and jOOQ's code (before, it takes a core of its own). */
    private static void persistence(BenchTable table, Path dir) throws Exception {
        Persistence.Result eight = new Persistence(dir.resolve("persist-8")).run(8, 30_000, 10_000);
        Persistence.Result one = new Persistence(dir.resolve("persist-1")).run(1, 10_000, 5_000);
        table.add("turns persisted per second, embedded H2, durable commits (3 commits a turn), 8 threads like the engine's workers",
                f("%,.0f turns/s (%,.0f µs CPU a turn)", eight.turnsPerSecond(), eight.cpuMicrosPerTurn()), "≥ 2,000/s",
                eight.turnsPerSecond() >= 2000);
        table.add("… 1 thread", f("%,.0f turns/s (%,.0f µs CPU a turn)", one.turnsPerSecond(), one.cpuMicrosPerTurn()), null, null);
    }

    private static void idleHeap(BenchTable table, Path dir) throws Exception {
        Map<String, String> r = ChildJvm.run(List.of("-Xmx512m"), InFlightChild.class, "idle", "500", "2000", dir.toString());
        long perSession = Long.parseLong(r.get("bytesPerSession"));
        table.add("heap per idle session (2,000 sessions with one finished turn, after 500; live objects after GC, once H2's 45 s"
                        + " retention of written chunks has passed)",
                f("%,d bytes (%s → %s MB; %,d bytes within the 45 s)", perSession, r.get("liveBeforeMb"), r.get("liveAfterMb"),
                        Long.parseLong(r.get("bytesPerSessionWithin45s"))), "≤ 2 KB", perSession <= 2048);
    }

    private static void coldStart(BenchTable table, Path dir) throws Exception {
        Files.createDirectories(dir);
        ColdStart.Result r = new ColdStart(Path.of("target", "kontext-bot.jar").toAbsolutePath(), dir).run(3);
        table.add("cold start of the real jar to /healthz answering, empty data directory (median of 3)",
                f("%.2f s", r.firstStart().at(50) / 1e9), "≤ 3 s", r.firstStart().at(50) <= 3e9);
        table.add("… restart on existing data (median of 3)", f("%.2f s", r.restart().at(50) / 1e9), "≤ 3 s", r.restart().at(50) <= 3e9);
    }
}
