package dev.kontextbot.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** Asks the bot's /healthz as a load balancer would: with a timeout of its own, recording how long the answer took. */
final class Healthz {
    /** What a load balancer waits for an answer before it counts the probe as failed. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** One probe; {@code status} -1 when no answer came within {@link #PROBE_TIMEOUT}. */
    record Probe(Instant at, int status, Duration latency, JsonNode body) {
        String component(String name) {
            return body.path("components").path(name).path("status").asText("absent");
        }

        boolean allUp() {
            return status == 200;
        }
    }

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(PROBE_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String url;

    Healthz(int port) {
        this.url = "http://127.0.0.1:" + port + "/healthz";
    }

    Probe probe() {
        Instant at = Instant.now();
        long start = System.nanoTime();
        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
            String body = response.body().string();
            JsonNode parsed;
            try {
                parsed = json.readTree(body);
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            return new Probe(at, response.code(), Duration.ofNanos(System.nanoTime() - start), parsed);
        } catch (IOException e) {
            return new Probe(at, -1, Duration.ofNanos(System.nanoTime() - start), MissingNode.getInstance());
        }
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
