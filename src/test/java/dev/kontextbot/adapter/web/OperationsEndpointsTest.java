package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.testing.PrometheusText;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics, /healthz and /readyz over real HTTP, on the whole application with the offline editor. */
class OperationsEndpointsTest {
    @TempDir
    Path dir;

    @Test
    void afterATurnMetricsAreValidPrometheusTextWithTurnsProviderCallsQueueAndJvm() throws Exception {
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20))) {
            MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "make it sepia")
                    .addFormDataPart("num_images", "2")
                    .addFormDataPart("image", "photo.jpg", RequestBody.create(PlaygroundApiTest.photo(), MediaType.get("image/jpeg"))).build();
            Answer created = playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form));
            assertThat(created.status()).isEqualTo(201);
            playground.awaitSession(created.json().get("id").asLong(), s -> RunningPlayground.lastEnded(s, 1, "done"), "the turn done");

            Answer scraped = playground.get("/metrics");

            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.contentType()).startsWith("text/plain").contains("version=0.0.4");
            PrometheusText metrics = PrometheusText.parse(new String(scraped.bytes(), StandardCharsets.UTF_8));
            assertThat(metrics.type("kontext_turns_total")).isEqualTo("counter");
            assertThat(metrics.sum("kontext_turns_total", Map.of("provider", "offline", "status", "done"))).isEqualTo(1);
            assertThat(metrics.samples("kontext_turns_total", Map.of()).get(0).labels()).containsKey("model");
            assertThat(metrics.type("kontext_turn_duration_seconds")).isEqualTo("histogram");
            assertThat(metrics.sum("kontext_turn_duration_seconds_count", Map.of("provider", "offline", "status", "done"))).isEqualTo(1);
            assertThat(metrics.samples("kontext_turn_duration_seconds_bucket", Map.of("provider", "offline"))).hasSizeGreaterThan(5);
            assertThat(metrics.type("kontext_provider_calls_seconds")).isEqualTo("histogram");
            assertThat(metrics.sum("kontext_provider_calls_seconds_count", Map.of("provider", "offline", "call", "submit"))).isGreaterThanOrEqualTo(1);
            assertThat(metrics.sum("kontext_images_stored_total", Map.of("provider", "offline"))).isEqualTo(2);
            assertThat(metrics.samples("kontext_turns_queued", Map.of())).singleElement().extracting(PrometheusText.Sample::value).isEqualTo(0.0);
            assertThat(metrics.samples("kontext_turns_running", Map.of())).hasSize(1);
            assertThat(metrics.samples("kontext_engine_workers", Map.of())).singleElement().extracting(PrometheusText.Sample::value).isEqualTo(8.0);
            assertThat(metrics.samples("kontext_provider_circuit_open", Map.of())).singleElement().extracting(PrometheusText.Sample::value).isEqualTo(0.0);
            assertThat(metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
            assertThat(metrics.samples("jvm_threads_live_threads", Map.of())).hasSize(1);
            assertThat(metrics.samples("hikaricp_connections_max", Map.of("pool", "kontext-db"))).singleElement()
                    .extracting(PrometheusText.Sample::value).isEqualTo(10.0);
            assertEveryMetricOfTheDashboardIsScraped(metrics);
        }
    }

    /**
     * docs/grafana-dashboard.json asks for metrics by name: each is in the scrape, but for the counters Micrometer creates
     * at their first count (a retry, a provider error, a chat API call), which other tests scrape.
     */
    private static void assertEveryMetricOfTheDashboardIsScraped(PrometheusText metrics) throws Exception {
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("docs", "grafana-dashboard.json").toFile());
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:kontext|jvm|hikaricp|process)_\\w+)\\{").matcher(target.get("expr").asText());
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        java.util.Set<String> countedLater = java.util.Set.of("kontext_provider_retries_total", "kontext_provider_errors_total",
                "kontext_chat_api_calls_total");

        assertThat(named).hasSizeGreaterThan(15).containsAll(countedLater);
        assertThat(named).filteredOn(name -> !countedLater.contains(name))
                .allSatisfy(name -> assertThat(metrics.samples(name, Map.of())).as(name).isNotEmpty());
    }

    @Test
    void healthzListsEachConnectionAndReadyzSaysReady() throws Exception {
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20))) {
            Answer health = playground.get("/healthz");
            Answer ready = playground.get("/readyz");

            assertThat(health.status()).isEqualTo(200);
            JsonNode components = health.json().get("components");
            assertThat(components.get("database").get("status").asText()).isEqualTo("up");
            assertThat(components.get("provider").get("status").asText()).isEqualTo("up");
            assertThat(components.get("provider").get("state").asText()).isEqualTo("offline");
            assertThat(components.has("discord")).as("not configured, not reported").isFalse();
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("ready");
        }
    }

    @Test
    void metricsNeedTheAccessTokenWhileHealthAndReadinessStayOpen() throws Exception {
        String token = "metrics-token-0123456789abcdef";
        Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "KONTEXT_HTTP_TOKEN", token)).load(null, "test"));
        OkHttpClient client = new OkHttpClient();
        String base = "http://127.0.0.1:" + app.httpPort();
        try {
            try (Response r = client.newCall(new Request.Builder().url(base + "/metrics").build()).execute()) {
                assertThat(r.code()).isEqualTo(401);
                assertThat(r.body().string()).doesNotContain("kontext_");
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/metrics").header("Authorization", "Bearer " + token).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(PrometheusText.parse(r.body().string()).type("kontext_turns_queued")).isEqualTo("gauge");
            }
            for (String open : new String[]{"/healthz", "/readyz"}) {
                try (Response r = client.newCall(new Request.Builder().url(base + open).build()).execute()) {
                    assertThat(r.code()).as(open).isEqualTo(200);
                }
            }
        } finally {
            app.close();
        }
    }
}
