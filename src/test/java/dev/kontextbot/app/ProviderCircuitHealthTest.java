package dev.kontextbot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.PrometheusText;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider that keeps failing opens its circuit: /healthz answers 503 and names it, /readyz stays ready, /metrics counts the retries. */
class ProviderCircuitHealthTest {
    @TempDir
    Path dir;

    @Test
    void anOpenCircuitMakesHealthz503WhileTheInstanceStaysReady() throws Exception {
        try (FakeService fal = new FakeService()) {
            fal.server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(503).body("{\"detail\":\"overloaded\"}").build();
                }
            });
            Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                    "KONTEXT_PROVIDER", "fal", "FAL_KEY", "fal-key-0123456789abcdef", "FAL_BASE_URL", fal.base()))
                    .load("engine:\n  circuit:\n    failures: 2\n  retry:\n    first-delay: 10ms\n    max-delay: 20ms\n", "test"));
            OkHttpClient http = new OkHttpClient();
            String base = "http://127.0.0.1:" + app.httpPort();
            try {
                app.engine().start(new ConversationEngine.StartCommand(new Conversation(new Platform("playground"), "local", "p", "t"),
                        "ana", FakeService.png(), "make it red", ParamOverrides.NONE, null));
                Await.until(() -> app.engine().load().circuitOpenFor().isPresent(), "the circuit opens");

                try (Response health = http.newCall(new Request.Builder().url(base + "/healthz").build()).execute()) {
                    assertThat(health.code()).isEqualTo(503);
                    JsonNode body = new ObjectMapper().readTree(health.body().string());
                    assertThat(body.get("status").asText()).isEqualTo("down");
                    assertThat(body.get("components").get("provider").get("status").asText()).isEqualTo("down");
                    assertThat(body.get("components").get("provider").get("state").asText()).contains("circuit open");
                    assertThat(body.get("components").get("database").get("status").asText()).isEqualTo("up");
                }
                try (Response ready = http.newCall(new Request.Builder().url(base + "/readyz").build()).execute()) {
                    assertThat(ready.code()).isEqualTo(200);
                }
                try (Response metrics = http.newCall(new Request.Builder().url(base + "/metrics").build()).execute()) {
                    PrometheusText text = PrometheusText.parse(metrics.body().string());
                    assertThat(text.sum("kontext_provider_retries_total", Map.of("provider", "fal", "call", "submit"))).isGreaterThanOrEqualTo(2);
                    assertThat(text.sum("kontext_provider_circuit_open", Map.of())).isEqualTo(1);
                }
            } finally {
                app.close();
            }
        }
    }
}
