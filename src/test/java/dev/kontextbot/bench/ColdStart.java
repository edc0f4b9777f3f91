package dev.kontextbot.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Time from starting the real jar ({@code java -jar target/kontext-bot.jar}, offline editor, embedded H2) to its
 * first 200 from /healthz, looked at every 10 ms: on an empty data directory (the database is created) and again
 * on the same one (a restart). The median of {@code runs} each.
 */
final class ColdStart {
    record Result(Percentiles firstStart, Percentiles restart) {
    }

    private final Path jar;
    private final Path dir;
    private final List<String> flags;
    private final Map<String, String> environment;

    /** {@code environment}: what the image sets besides the bot's settings ({@code MALLOC_ARENA_MAX}). */
    ColdStart(Path jar, Path dir, List<String> flags, Map<String, String> environment) {
        this.jar = jar;
        this.dir = dir;
        this.flags = flags;
        this.environment = environment;
    }

    Result run(int runs) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        List<Long> first = new ArrayList<>();
        List<Long> again = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path data = dir.resolve("data-" + i);
            first.add(startAndStop(data));
            again.add(startAndStop(data));
        }
        return new Result(Percentiles.of(first), Percentiles.of(again));
    }

    private long startAndStop(Path data) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putAll(Map.of("KONTEXT_DATA_DIR", data.toString(), "KONTEXT_PROVIDER", "offline"));
        try (BotProcess bot = new BotProcess(jar, flags, env, dir.resolve("coldstart.log"))) {
            return bot.awaitHealthy(Duration.ofSeconds(60));
        }
    }
}
