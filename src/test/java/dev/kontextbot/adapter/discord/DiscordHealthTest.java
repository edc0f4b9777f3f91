package dev.kontextbot.adapter.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.testing.PrometheusText;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /healthz shows each gateway shard of this process; /metrics counts the REST calls JDA made. */
class DiscordHealthTest {
    @TempDir
    Path dir;

    @Test
    void healthzShowsEachShardAndMetricsCountDiscordCalls() throws Exception {
        FakeDiscord discord = FakeDiscord.start();
        try (DiscordTestApp bot = new DiscordTestApp(dir, discord, "")) {
            OkHttpClient http = new OkHttpClient();
            String base = "http://127.0.0.1:" + bot.app.httpPort();
            try (Response health = http.newCall(new Request.Builder().url(base + "/healthz").build()).execute()) {
                assertThat(health.code()).isEqualTo(200);
                JsonNode component = new ObjectMapper().readTree(health.body().string()).get("components").get("discord");
                assertThat(component.get("status").asText()).isEqualTo("up");
                assertThat(component.get("state").asText()).isEqualTo("1 of 1 shard(s) connected");
                assertThat(component.get("details").get("shard 0").asText()).isEqualTo("connected");
            }
            try (Response metrics = http.newCall(new Request.Builder().url(base + "/metrics").build()).execute()) {
                assertThat(PrometheusText.parse(metrics.body().string())
                        .sum("kontext_chat_api_calls_total", Map.of("platform", "discord", "outcome", "ok"))).isGreaterThanOrEqualTo(1);
            }
        }
    }
}
