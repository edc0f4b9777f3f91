package dev.kontextbot.it;

import dev.kontextbot.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar as a separate process against a slow loopback fal.ai: 50 turns across 30 sessions, the process
 * killed (SIGKILL) or stopped (SIGTERM) while they are in flight, then started again on the same data.
 */
class CrashRecoveryIT {
    static final int TURNS = 50;

    @TempDir
    Path dir;
    MockWebServer falServer = new MockWebServer();
    SlowFal fal = new SlowFal(3000);
    final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    final ObjectMapper mapper = new ObjectMapper();
    Process bot;
    int port;
    int starts;
    Path logFile;
    String lastSeen = "";

    @BeforeEach
    void start() throws IOException {
        falServer.setDispatcher(fal);
        falServer.start();
        fal.base = falServer.url("/").toString().replaceAll("/$", "");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Quotas off: one playground user submits all 50 turns here.
        Files.writeString(dir.resolve("test.yaml"), "engine:\n  poll-interval: 200ms\n  quotas:\n    user-running: 0\n    tenant-running: 0\n");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (bot != null && bot.isAlive()) {
            bot.destroyForcibly().waitFor();
        }
        falServer.close();
    }

    private void launch() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "kontext-bot.jar").toAbsolutePath().toString());
        Map<String, String> env = builder.environment();
        env.put("KONTEXT_DATA_DIR", dir.resolve("data").toString());
        env.put("KONTEXT_HTTP_PORT", Integer.toString(port));
        env.put("KONTEXT_PROVIDER", "fal");
        env.put("FAL_KEY", "fal-it-key-0123456789");
        env.put("FAL_BASE_URL", fal.base);
        env.put("KONTEXT_CONFIG", dir.resolve("test.yaml").toString());
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        logFile = logs.resolve(getClass().getSimpleName() + "-" + System.nanoTime() + "-" + (++starts) + ".log");
        builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
        bot = builder.start();
        Await.until(this::healthy, "the bot to become healthy", Duration.ofSeconds(30), Duration.ofMillis(100));
    }

    /** Whether the launched bot answers /healthz with 200; it exiting fails the wait at once, with its log. */
    private boolean healthy() {
        try {
            if (!bot.isAlive()) {
                throw new AssertionError("the bot exited: " + Files.readString(logFile));
            }
            try (Response response = http.newCall(new Request.Builder().url(url("/healthz")).build()).execute()) {
                return response.code() == 200;
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private JsonNode post(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            JsonNode json = mapper.readTree(response.body().bytes());
            assertThat(response.code()).as(json.toString()).isBetween(200, 299);
            return json;
        }
    }

    /** 30 sessions; 20 of them get a second instruction that waits for the first. */
    private List<Long> submitTurns() throws IOException {
        byte[] photo = TestImages.encode(TestImages.drawn(16, 16, (x, y) -> x * 16 << 8), "png");
        List<Long> sessions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            RequestBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                    .addFormDataPart("image", "p.png", RequestBody.create(photo, MediaType.get("image/png")))
                    .addFormDataPart("prompt", "edit " + i).build();
            sessions.add(post(new Request.Builder().url(url("/api/sessions")).post(form).build()).get("id").asLong());
        }
        for (int i = 0; i < 20; i++) {
            post(new Request.Builder().url(url("/api/sessions/" + sessions.get(i) + "/turns"))
                    .post(RequestBody.create("{\"prompt\":\"second " + i + "\"}", MediaType.get("application/json"))).build());
        }
        return sessions;
    }

    private List<JsonNode> turnsWhenAllEnded(List<Long> sessions) {
        try {
            return Await.value(() -> turnsOf(sessions),
                    turns -> turns.size() == TURNS && turns.stream().noneMatch(t -> t.get("status").asText().matches("queued|running")),
                    "turns to all end after the restart", Duration.ofSeconds(60), Duration.ofMillis(250));
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; last seen: " + lastSeen, timedOut);
        }
    }

    private List<JsonNode> turnsOf(List<Long> sessions) throws IOException {
        List<JsonNode> turns = new ArrayList<>();
        for (long id : sessions) {
            try (Response response = http.newCall(new Request.Builder().url(url("/api/sessions/" + id)).build()).execute()) {
                mapper.readTree(response.body().bytes()).get("turns").forEach(turns::add);
            }
        }
        lastSeen = turns.size() + " turns, unfinished: " + turns.stream().filter(t -> t.get("status").asText().matches("queued|running"))
                .map(t -> t.get("id").asText() + "=" + t.get("status").asText()).toList();
        return turns;
    }

    /** Waits until the provider has accepted this many jobs: the turns are then truly in flight. */
    private void awaitSubmits(int count) {
        Await.until(() -> fal.submits.get() >= count, count + " jobs accepted by the provider", Duration.ofSeconds(30));
    }

    private void assertRecovered(List<JsonNode> turns) {
        Map<String, Integer> outcomes = new HashMap<>();
        turns.forEach(t -> outcomes.merge(t.get("status").asText() + (t.has("error") ? ":" + t.get("error").get("code").asText() : ""), 1, Integer::sum));
        long done = turns.stream().filter(t -> t.get("status").asText().equals("done")).count();
        System.out.println("recovery outcomes " + outcomes + ", provider submits " + fal.submits.get());
        // A turn killed between "sending" and "job id stored" ends as interrupted rather than risk a second charge.
        assertThat(outcomes.keySet()).allMatch(k -> k.equals("done") || k.equals("failed:interrupted"));
        assertThat(fal.submits.get()).isLessThanOrEqualTo(TURNS).isGreaterThanOrEqualTo((int) done);
        assertThat(turns).filteredOn(t -> t.get("status").asText().equals("done"))
                .allSatisfy(t -> {
                    assertThat(t.get("variants")).hasSize(1);
                    assertThat(t.get("cost_usd").asDouble()).isEqualTo(0.04);
                });
        assertThat(done).isGreaterThanOrEqualTo(TURNS - 5);
    }

    @Test
    void killedWithSigkillWhileFiftyTurnsAreInFlightLosesAndDuplicatesNothing() throws Exception {
        launch();
        List<Long> sessions = submitTurns();
        awaitSubmits(30);
        bot.destroyForcibly().waitFor();
        int submittedBeforeKill = fal.submits.get();

        launch();
        List<JsonNode> turns = turnsWhenAllEnded(sessions);

        assertThat(submittedBeforeKill).isGreaterThanOrEqualTo(30);
        assertRecovered(turns);
    }

    @Test
    void sigtermStopsPromptlyAndTheNextStartFinishesTheWork() throws Exception {
        launch();
        List<Long> sessions = submitTurns();
        awaitSubmits(30);
        bot.destroy();
        assertThat(bot.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("the bot stops on SIGTERM").isTrue();

        launch();
        List<JsonNode> turns = turnsWhenAllEnded(sessions);

        assertRecovered(turns);
        assertThat(turns).allMatch(t -> t.get("status").asText().equals("done"));
    }
}
