package dev.kontextbot.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.kontextbot.bench.BenchTable.f;

/**
 * Issues 7's and 15's figures, measured side by side in one run and printed as a table (docs/benchmark.md): refine
 * chains on a realistic link and on loopback, a turn through the engine against the same call made directly, 1,000
 * turns in flight with the image's JVM flags in a 1 GB budget, turns persisted per second through the engine and heap
 * per idle session in embedded H2, the idle bot's resident memory with Discord and Slack connected, and the real
 * jar's cold start. Run: {@code mvn -q -B -Pbench verify -DskipTests -DskipITs} (it builds the jar first).
 * {@code -Dbench.scale=0.1} shrinks every sample count (for developing the benchmark, not for figures);
 * {@code -Dbench.parts=chains,inflight} runs only those parts; {@code -Dbench.jfr=dir} records the in-flight child and the
 * persistence part with Flight Recorder into {@code dir}.
 */
public final class EngineBenchmark {
    private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));
    private static final String PARTS = System.getProperty("bench.parts", "all");
    private static final Path JAR = Path.of("target", "kontext-bot.jar").toAbsolutePath();
    /** The container budget the image's flags are measured in. */
    private static final long BUDGET_MB = 1024;

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kontext-bench");
        BenchTable table = new BenchTable();
        String machine = f("%d cores, JDK %s, %s, load average %.1f at the start", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), LocalDate.now(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("kontext-bot benchmark — " + machine + (SCALE == 1 ? "" : f(" — scale %.2f, not for figures", SCALE)));

        try {
            // The image's class archive, made from this jar as the image build makes it; the jar's runs map it.
            Path archive = part("coldstart") || part("idlerss") ? ClassArchive.train(JAR, dir.resolve("archive"), BUDGET_MB) : null;
            nothingLeftRunning("the class archive's training");
            if (part("coldstart")) {
                coldStart(table, dir.resolve("coldstart"), archive);
                nothingLeftRunning("coldstart");
            }
            if (part("idlerss")) {
                idleResident(table, dir.resolve("idlerss"), archive);
                nothingLeftRunning("idlerss");
            }
            if (part("persistence")) {
                persistence(table, dir);
                nothingLeftRunning("persistence");
            }
            if (part("idle")) {
                idleHeap(table, dir.resolve("idle"));
                nothingLeftRunning("idle");
            }
            if (part("inflight")) {
                inFlight(table, dir.resolve("inflight"));
                nothingLeftRunning("inflight");
            }
            if (part("chains")) {
                chains(table, dir.resolve("chains"));
                nothingLeftRunning("chains");
            }
            if (part("latency")) {
                latency(table, dir.resolve("latency"));
                nothingLeftRunning("latency");
            }
        } finally {
            // A run leaves gigabytes: databases and thousands of 2 MP pictures.
            deleteTree(dir);
        }

        System.out.println();
        System.out.println("Figures from " + machine + f(", %.1f at the end:", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.println();
        System.out.print(table.markdown());
    }

    /**
     * A part must leave no process of its own behind: a bot or child JVM still shutting down takes CPU from the parts
     * after it (the persistence figure halved in full runs, where it follows the cold start and the idle bot).
     */
    private static void nothingLeftRunning(String part) {
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException(part + " left processes running: " + left.stream()
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        }
    }

    private static boolean part(String name) {
        return PARTS.equals("all") || List.of(PARTS.split(",")).contains(name);
    }

    private static int scaled(int count) {
        return Math.max(1, (int) Math.round(count * SCALE));
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
        TurnLatency.Result r = new TurnLatency(dir, latency).run(scaled(24), scaled(200), 8);
        String detail = f("engine %,.0f ms, direct %,.0f ms", r.engine().millisAt(50), r.direct().millisAt(50));
        table.add(f("turn through the engine ÷ the same fal call made directly, loopback, p50 (provider 2 s, 2 MP JPEG, %d samples,"
                + " 8 at a time)", r.samples()),
                f("%.3f (%s)", r.ratioAt(50), detail), "≤ 1.02", r.ratioAt(50) <= 1.02);
        table.add("… p99", f("%.3f (engine %,.0f ms, direct %,.0f ms)", r.ratioAt(99), r.engine().millisAt(99), r.direct().millisAt(99)),
                "≤ 1.05", r.ratioAt(99) <= 1.05);
        table.add("… status looks per job: engine (learned schedule) / direct (every 50 ms)",
                f("%.1f / %.1f", r.engineLooksPerJob(), r.directLooksPerJob()), null, null);
    }

    private static void inFlight(BenchTable table, Path dir) throws Exception {
        int turns = scaled(1000);
        List<String> flags = withRecording(DockerfileFlags.inBudget(BUDGET_MB), "inflight");
        try (LoopbackFal fal = new LoopbackFal(Duration.ofSeconds(10), Photos.twoMegapixelJpeg(), 32)) {
            Map<String, String> r = ChildJvm.run(flags, DockerfileFlags.environment(), InFlightChild.class, "inflight", fal.base,
                    Integer.toString(turns), dir.toString());
            boolean all = Boolean.parseBoolean(r.get("all")) && r.get("done").equals(Integer.toString(turns));
            double seconds = Double.parseDouble(r.get("seconds"));
            table.add(f("%,d turns in flight at once (provider 10 s, 2 MP JPEG each; child JVM with the Dockerfile's flags in %,d MB,"
                            + " max heap %s MB): all done within", turns, BUDGET_MB, r.get("maxHeapMb")),
                    f("%.1f s = %.2f × the provider's 10 s (%s of %,d done; all scored after %s s); at most %s accepted and unfinished"
                                    + " at once, %s at the provider (all accepted after %s s)", seconds, seconds / 10, r.get("done"), turns,
                            r.get("scoredSeconds"), r.get("peakAccepted"), r.get("peakInFlight"), r.get("submittedAfter")),
                    "≤ 1.5 × (15 s)", all && seconds <= 15);
            double rss = Double.parseDouble(r.get("peakRssMb"));
            table.add("… peak resident memory of the process (VmHWM)", f("%.0f MB", rss), "≤ 600 MB", rss <= 600);
            double peak = Double.parseDouble(r.get("peakHeapMb"));
            table.add("… heap: peak used (sampled every 5 ms, garbage included) / live after a GC with the turns in flight",
                    f("%.0f MB / %s MB (%s in flight)", peak, r.get("liveHeapMb"), r.get("inFlightAtGc")), null, null);
            int threads = Integer.parseInt(r.get("peakThreads"));
            table.add("… peak live threads (JVM's own included)", Integer.toString(threads), "no thread per job", threads < Math.max(50, turns / 10));
            double cpu = Double.parseDouble(r.get("cpuMsPerTurn"));
            table.add("… CPU per turn (whole process: intake, database, HTTP, storage, fidelity scoring, JIT, GC)", f("%.1f ms", cpu),
                    "≤ 30 ms", cpu <= 30);
        }
    }

    /**
     * {@code -Dbench.jfr=dir} records the part's child JVM with Flight Recorder's profiling settings into
     * {@code dir/<part>.jfr} (read with {@code jfr print --events jdk.ExecutionSample} or {@code jfr summary}).
     */
    private static List<String> withRecording(List<String> flags, String part) {
        String jfr = System.getProperty("bench.jfr", "");
        if (jfr.isEmpty()) {
            return flags;
        }
        List<String> recorded = new java.util.ArrayList<>(flags);
        recorded.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr, part + ".jfr").toAbsolutePath());
        return recorded;
    }

    /** A Flight Recorder recording of this JVM with the profiling settings, started; null without {@code -Dbench.jfr}. */
    private static Recording inProcessRecording() throws java.io.IOException, java.text.ParseException {
        if (System.getProperty("bench.jfr", "").isEmpty()) {
            return null;
        }
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    private static void chains(BenchTable table, Path dir) throws Exception {
        int chains = scaled(30);
        int warmup = scaled(4);
        RefineChains.Result home = new RefineChains(dir.resolve("home"), Link.HOME, RefineChains.modelTimes()).run(warmup, chains, 4);
        RefineChains.Result loopback = new RefineChains(dir.resolve("loopback"), Link.LOOPBACK, RefineChains.modelTimes()).run(warmup, chains, 4);
        String setting = f("%d chains of %d turns: a start from a distinct 2 MP camera-like JPEG of %,d KB attached on a chat CDN (the bot"
                        + " downloads it and sends the provider its public URL, as on Discord), then refines of the head, results the same; 4 chains"
                        + " at a time; model time log-normal, median 2 s, p90 5 s (seeded; this run: median %,d ms, p99 %,d ms)", chains,
                RefineChains.TURNS_PER_CHAIN, Photos.cameraLikeJpeg(15).length / 1024, home.modelMillis().at(50), home.modelMillis().at(99));
        table.add("4-turn refine chain through the engine ÷ its model time alone, p50: 20 Mbit/s up, 100 Mbit/s down / loopback (" + setting + ")",
                f("%.3f / %.3f", home.chainRatios().at(50) / 1000.0, loopback.chainRatios().at(50) / 1000.0), "≤ 1.03",
                home.chainRatios().at(50) <= 1030);
        table.add("… p99", f("%.3f / %.3f", home.chainRatios().at(99) / 1000.0, loopback.chainRatios().at(99) / 1000.0), "≤ 1.08",
                home.chainRatios().at(99) <= 1080);
        table.add("… per turn (each turn ÷ its own model time, so the quickest jobs weigh most), p50 / p99, 20 Mbit/s / loopback",
                f("%.3f / %.3f — %.3f / %.3f", home.turnRatios().at(50) / 1000.0, home.turnRatios().at(99) / 1000.0,
                        loopback.turnRatios().at(50) / 1000.0, loopback.turnRatios().at(99) / 1000.0), null, null);
        table.add("… where a turn's time beyond its model's goes, p50 / p99, 20 Mbit/s", home.phases().describe(), null, null);
        table.add("… the same on loopback", loopback.phases().describe(), null, null);
        table.add("… bytes the provider received per refine turn (the submission: prompt, parameters and the head image), median / max",
                f("%,d B / %,d B", home.refineBytes().at(50), home.refineBytes().at(100)), "≤ 4 KB once result URLs are reused",
                home.refineBytes().at(100) <= 4096);
    }

    /**
     * What the engine must persist for the in-flight target to be reachable: 1,000 turns whose jobs end together are
     * all done within 1.5 × the provider's time, so within the 5 s after it. (The old ≥ 2,000/s was set for a figure
     * that wrote three rows a turn at the repositories; a turn through the engine also writes its result image,
     * moves the head, and scores the result and stores the score, each step committed on its own.)
     */
    private static final int PERSISTED_TURNS_PER_SECOND = 200;

    /** After a warm-up: the JIT needs thousands of turns to settle on H2's and jOOQ's code (before, it takes a core of its own). */
    private static void persistence(BenchTable table, Path dir) throws Exception {
        Persistence.Result eight;
        Persistence.Result one;
        // In this JVM, so recorded here: -Dbench.jfr=dir writes dir/persistence.jfr.
        try (Recording recording = inProcessRecording()) {
            eight = new Persistence(dir.resolve("persist-8")).run(8, scaled(1_000), scaled(2_000));
            one = new Persistence(dir.resolve("persist-1")).run(1, scaled(300), scaled(500));
            if (recording != null) {
                recording.dump(Path.of(System.getProperty("bench.jfr"), "persistence.jfr").toAbsolutePath());
            }
        }
        table.add("turns persisted per second through the engine, embedded H2, durable commits (turn, result image, variant and head,"
                        + " fidelity score; provider answers at once with a small PNG), 8 sessions at once like the engine's 8 workers",
                f("%,.0f turns/s (%,.0f µs CPU a turn; other processes kept %.1f cores busy meanwhile)", eight.turnsPerSecond(),
                        eight.cpuMicrosPerTurn(), eight.othersCores()),
                f("≥ %,d/s (1,000 turns ending within the 5 s the in-flight target leaves)", PERSISTED_TURNS_PER_SECOND),
                eight.turnsPerSecond() >= PERSISTED_TURNS_PER_SECOND);
        table.add("… 1 session", f("%,.0f turns/s (%,.0f µs CPU a turn; others %.1f cores)", one.turnsPerSecond(), one.cpuMicrosPerTurn(),
                one.othersCores()), null, null);
    }

    private static void idleHeap(BenchTable table, Path dir) throws Exception {
        int warm = scaled(500);
        int measured = scaled(2000);
        Map<String, String> r = ChildJvm.run(List.of("-Xmx512m"), InFlightChild.class, "idle", Integer.toString(warm), Integer.toString(measured),
                dir.toString());
        long perSession = Long.parseLong(r.get("bytesPerSession"));
        table.add(f("heap per idle session (%,d sessions with one finished turn, after %,d; -Xmx512m; live objects after GC, once H2's 45 s", measured, warm)
                        + " retention of written chunks has passed)",
                f("%,d bytes (%s → %s MB; %,d bytes within the 45 s)", perSession, r.get("liveBeforeMb"), r.get("liveAfterMb"),
                        Long.parseLong(r.get("bytesPerSessionWithin45s"))), "≤ 2 KB", perSession <= 2048);
    }

    private static void coldStart(BenchTable table, Path dir, Path archive) throws Exception {
        Files.createDirectories(dir);
        int runs = Math.max(1, Math.min(3, scaled(3)));
        List<ColdStart.Result> both = ColdStart.alternating(new ColdStart(JAR, dir.resolve("default"), List.of(), Map.of()),
                new ColdStart(JAR, dir.resolve("image"), DockerfileFlags.forJar(BUDGET_MB, archive), DockerfileFlags.environment()), runs);
        ColdStart.Result plain = both.get(0);
        ColdStart.Result image = both.get(1);
        table.add(f("cold start of the real jar to /healthz answering, empty data directory (median of %d, alternating): default JVM"
                        + " flags / the Dockerfile's in %,d MB (with its class archive)", runs, BUDGET_MB),
                f("%.2f s / %.2f s", plain.firstStart().at(50) / 1e9, image.firstStart().at(50) / 1e9), "≤ 3 s", image.firstStart().at(50) <= 3e9);
        table.add("… CPU time the first start had used when /healthz answered (moves far less with the machine's load)",
                f("%.2f s / %.2f s", plain.firstStartCpu().at(50) / 1e9, image.firstStartCpu().at(50) / 1e9), null, null);
        table.add("… restart on existing data", f("%.2f s / %.2f s", plain.restart().at(50) / 1e9, image.restart().at(50) / 1e9), "≤ 3 s",
                image.restart().at(50) <= 3e9);
    }

    private static void idleResident(BenchTable table, Path dir, Path archive) throws Exception {
        Duration settle = Duration.ofSeconds(Math.max(5, scaled(30)));
        List<String> flags = new java.util.ArrayList<>(DockerfileFlags.forJar(BUDGET_MB, archive));
        if (Boolean.getBoolean("bench.nmt")) {
            flags.add(IdleBot.NMT);
        }
        IdleBot.Result image = new IdleBot(JAR, dir.resolve("image")).run(flags, settle);
        IdleBot.Result plain = new IdleBot(JAR, dir.resolve("default")).run(List.of(), settle);
        table.add(f("idle bot's resident memory (VmRSS %d s after /healthz answered, Discord and Slack connected to loopback fakes,"
                        + " offline editor, embedded H2): the Dockerfile's flags in %,d MB / default flags on this machine", settle.toSeconds(), BUDGET_MB),
                f("%.0f MB / %.0f MB (peak %.0f / %.0f MB)", image.residentMb(), plain.residentMb(), image.peakResidentMb(), plain.peakResidentMb()),
                "≤ 200 MB", image.residentMb() <= 200);
    }
}
