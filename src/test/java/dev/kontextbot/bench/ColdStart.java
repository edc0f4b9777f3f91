package dev.kontextbot.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Time from starting the real jar ({@code java -jar target/kontext-bot.jar}, offline editor, embedded H2) to its
 * first 200 from /healthz, looked at every 10 ms: on an empty data directory (the database is created) and again
 * on the same one (a restart). The median of {@code runs} each; with the CPU time the first start had used by then,
 * which the machine's load moves far less than the wall time.
 */
final class ColdStart {
    record Result(Percentiles firstStart, Percentiles restart, Percentiles firstStartCpu) {
    }

    /** Wall and CPU time to the first 200 from /healthz, in nanoseconds. */
    private record Start(long wallNanos, long cpuNanos) {
    }

    private final Path jar;
    private final Path dir;
    private final List<String> flags;
    private final Map<String, String> environment;
    private final List<Long> first = new ArrayList<>();
    private final List<Long> again = new ArrayList<>();
    private final List<Long> firstCpu = new ArrayList<>();

    /** {@code environment}: what the image sets besides the bot's settings ({@code MALLOC_ARENA_MAX}). */
    ColdStart(Path jar, Path dir, List<String> flags, Map<String, String> environment) {
        this.jar = jar;
        this.dir = dir;
        this.flags = flags;
        this.environment = environment;
    }

    /**
     * {@code runs} rounds of {@code a} then {@code b}, alternating, so a load that moves during the runs moves both
     * figures alike (the two ran one after the other before: 2.5 s against 4.7 s that no flag accounted for).
     */
    static List<Result> alternating(ColdStart a, ColdStart b, int runs) throws Exception {
        for (int i = 0; i < runs; i++) {
            a.round(i);
            b.round(i);
        }
        return List.of(a.result(), b.result());
    }

    private Result result() {
        return new Result(Percentiles.of(first), Percentiles.of(again), Percentiles.of(firstCpu));
    }

    private void round(int i) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Path data = dir.resolve("data-" + i);
        Start start = startAndStop(data);
        first.add(start.wallNanos());
        firstCpu.add(start.cpuNanos());
        again.add(startAndStop(data).wallNanos());
    }

    private Start startAndStop(Path data) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putAll(Map.of("KONTEXT_DATA_DIR", data.toString(), "KONTEXT_PROVIDER", "offline"));
        try (BotProcess bot = new BotProcess(jar, flags, env, dir.resolve("coldstart.log"))) {
            // Generous: at a load of 20 on two cores a start has taken 50 s.
            long wall = bot.awaitHealthy(Duration.ofSeconds(120));
            return new Start(wall, bot.cpuNanos());
        }
    }
}
