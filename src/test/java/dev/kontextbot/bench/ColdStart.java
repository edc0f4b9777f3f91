package dev.kontextbot.bench;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(200)).build();

    ColdStart(Path jar, Path dir) {
        this.jar = jar;
        this.dir = dir;
    }

    Result run(int runs) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -Pbench verify builds it before the benchmark)");
        }
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
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("coldstart.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KONTEXT_DATA_DIR", data.toString());
        env.put("KONTEXT_HTTP_PORT", Integer.toString(port));
        env.put("KONTEXT_PROVIDER", "offline");
        long start = System.nanoTime();
        Process bot = builder.start();
        try {
            Request healthz = new Request.Builder().url("http://127.0.0.1:" + port + "/healthz").build();
            while (true) {
                if (!bot.isAlive()) {
                    throw new IllegalStateException("the bot exited: " + Files.readString(dir.resolve("coldstart.log")));
                }
                try (Response response = http.newCall(healthz).execute()) {
                    if (response.code() == 200) {
                        return System.nanoTime() - start;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(10);
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("the bot did not answer /healthz within 60 s");
                }
            }
        } finally {
            bot.destroy();
            if (!bot.waitFor(20, TimeUnit.SECONDS)) {
                bot.destroyForcibly().waitFor();
            }
        }
    }
}
