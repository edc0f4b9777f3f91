package dev.kontextbot.bench;

import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.slack.LoopbackSlack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real jar with the image's JVM flags in a 1 GB budget, connected to a loopback Discord (REST and gateway) and
 * Slack (Web API and Socket Mode), the offline editor and embedded H2: resident memory once it has been idle for
 * {@code settle}, and its highest.
 */
final class IdleBot {
    record Result(double residentMb, double peakResidentMb, double startSeconds) {
    }

    /** Add to the flags to print where the memory goes (Native Memory Tracking; it costs a few MB itself). */
    static final String NMT = "-XX:NativeMemoryTracking=summary";

    private final Path jar;
    private final Path dir;

    IdleBot(Path jar, Path dir) {
        this.jar = jar;
        this.dir = dir;
    }

    Result run(List<String> flags, Duration settle) throws Exception {
        Files.createDirectories(dir);
        Path config = dir.resolve("idle.yaml");
        // The fake gateway speaks plain JSON frames.
        Files.writeString(config, "discord:\n  gateway-compression: false\n");
        try (FakeDiscord discord = FakeDiscord.start(); LoopbackSlack slack = new LoopbackSlack()) {
            Map<String, String> env = new HashMap<>(DockerfileFlags.environment());
            env.put("KONTEXT_CONFIG", config.toString());
            env.put("KONTEXT_DATA_DIR", dir.resolve("data").toString());
            env.put("KONTEXT_PROVIDER", "offline");
            env.put("DISCORD_TOKEN", FakeDiscord.TOKEN);
            env.put("DISCORD_API_URL", discord.restBaseUrl());
            env.put("SLACK_BOT_TOKEN", LoopbackSlack.BOT_TOKEN);
            env.put("SLACK_APP_TOKEN", LoopbackSlack.APP_TOKEN);
            env.put("SLACK_API_URL", slack.apiUrl());
            try (BotProcess bot = new BotProcess(jar, flags, env, dir.resolve("idle.log"))) {
                long started = bot.awaitHealthy(Duration.ofSeconds(90));
                if (slack.openSockets() == 0) {
                    throw new IllegalStateException("the bot answered /healthz without a Slack socket open");
                }
                Thread.sleep(settle.toMillis());
                if (flags.contains(NMT)) {
                    printNativeMemory(bot.pid());
                }
                return new Result(ProcessMemory.residentMb(bot.pid()), ProcessMemory.peakResidentMb(bot.pid()), started / 1e9);
            }
        }
    }

    private static void printNativeMemory(String pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        String summary = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        summary.lines().filter(line -> line.contains("committed=") && line.startsWith("-") || line.startsWith("Total"))
                .forEach(line -> System.out.println("  [nmt] " + line.trim()));
    }
}
