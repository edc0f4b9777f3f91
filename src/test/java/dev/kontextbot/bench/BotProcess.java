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

/** The real jar ({@code java <flags> -jar target/kontext-bot.jar}) as a child process, on a free port, until closed. */
final class BotProcess implements AutoCloseable {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(200)).build();

    private final Process process;
    private final Path log;
    private final int port;
    final long startedNanos;

    BotProcess(Path jar, List<String> jvmFlags, Map<String, String> environment, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -Pbench verify builds it before the benchmark)");
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        this.log = log;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("KONTEXT_HTTP_PORT", Integer.toString(port));
        startedNanos = System.nanoTime();
        process = builder.start();
    }

    /** The CPU time the bot has used so far (all its threads), in nanoseconds. */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the bot's process")).toNanos();
    }

    String pid() {
        return Long.toString(process.pid());
    }

    /** Waits for /healthz to answer 200 (every configured connection up), looking every 10 ms; the time it took since start. */
    long awaitHealthy(Duration timeout) throws Exception {
        Request healthz = new Request.Builder().url("http://127.0.0.1:" + port + "/healthz").build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bot exited: " + Files.readString(log));
            }
            try (Response response = HTTP.newCall(healthz).execute()) {
                if (response.code() == 200) {
                    return System.nanoTime() - startedNanos;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(10);
            if (System.nanoTime() - startedNanos > timeout.toNanos()) {
                throw new IllegalStateException("the bot did not answer /healthz with 200 within " + timeout + ": " + Files.readString(log));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
