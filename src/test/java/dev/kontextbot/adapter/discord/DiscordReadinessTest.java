package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.testing.CapturedLogs;
import dev.kontextbot.testing.PortForward;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With two shards in one process, the second identifies seconds after the first: until its READY is handled the bot
 * is not ready (/readyz 503 naming the shard), /healthz shows each shard, and "Discord connected" with the server count
 * over all shards is logged only once both are connected. The guild lives on the late shard, and an interaction there
 * right after it connected is answered. A PortForward that never opens lends a free port for the playground.
 */
class DiscordReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient http = new OkHttpClient();

    @TempDir
    Path dir;

    record Answer(int status, JsonNode json) {
    }

    private Answer get(int port, String path) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + path).build()).execute()) {
            return new Answer(response.code(), JSON.readTree(response.body().string()));
        }
    }

    private static List<String> messages(CapturedLogs logs) {
        return logs.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void readyOnlyOnceEveryShardOfThisProcessIsConnectedAndItsServersCounted() throws Exception {
        FakeDiscord discord = FakeDiscord.startWithGuildOnShard(1, 2);
        CountDownLatch shardOneReady = discord.holdReady(1);
        int port = PortForward.closed().port();
        try (CapturedLogs logs = CapturedLogs.root()) {
            // Start-up waits for both shards: the playground, /healthz and /readyz answer meanwhile.
            CompletableFuture<DiscordTestApp> starting = CompletableFuture.supplyAsync(() -> new DiscordTestApp(dir, discord, "",
                    Map.of("DISCORD_SHARD_TOTAL", "2", "KONTEXT_HTTP_PORT", String.valueOf(port))));
            Await.until(() -> messages(logs).contains("Discord shard 0 of 2 connected: 0 server(s)"), "shard 0 connected");
            Await.until(() -> discord.dispatchedEvents().stream().filter(e -> e.type().equals("READY")).count() == 1
                    && healthOf(port).at("/components/discord/state").asText().equals("1 of 2 shard(s) connected"), "shard 0 alone");
            Answer health = get(port, "/healthz");
            Answer ready = get(port, "/readyz");

            assertThat(health.status()).isEqualTo(503);
            JsonNode component = health.json().at("/components/discord");
            assertThat(component.get("status").asText()).isEqualTo("down");
            assertThat(component.at("/details/shard 0").asText()).isEqualTo("connected");
            assertThat(component.at("/details/shard 1").asText()).isNotEqualTo("connected");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("status").asText()).isEqualTo("not ready");
            assertThat(ready.json().at("/components/discord/state").asText()).isEqualTo("1 of 2 shard(s) connected");
            assertThat(ready.json().at("/components/discord/details/shard 1").asText()).isNotEqualTo("connected");
            assertThat(messages(logs)).noneMatch(m -> m.startsWith("Discord connected"));

            shardOneReady.countDown();
            Await.until(() -> discord.dispatchedEvents().stream().anyMatch(e -> e.type().equals("GUILD_CREATE")), "shard 1 identified");
            // At once, as Discord sends it as soon as the shard is up: it is answered, though start-up may not be over.
            SentInteraction usage = discord.slashCommand(discord.general(), discord.bob(), "kontext", "usage", Map.of());
            DiscordTestApp bot = starting.get(60, TimeUnit.SECONDS);
            try {
                assertThat(bot.answer(usage)).isNotBlank();
                List<String> said = messages(logs);
                assertThat(said).contains("Discord shard 1 of 2 connected: 1 server(s)");
                assertThat(said).filteredOn(m -> m.startsWith("Discord connected")).singleElement()
                        .satisfies(m -> assertThat(m).startsWith("Discord connected: 2 shard(s), 1 server(s)."));
                assertThat(said.indexOf("Discord shard 1 of 2 connected: 1 server(s)"))
                        .isLessThan(said.indexOf(said.stream().filter(m -> m.startsWith("Discord connected")).findFirst().orElseThrow()));
                Answer healthAfter = get(port, "/healthz");
                assertThat(healthAfter.status()).isEqualTo(200);
                assertThat(healthAfter.json().at("/components/discord/state").asText()).isEqualTo("2 of 2 shard(s) connected");
                assertThat(healthAfter.json().at("/components/discord/details/shard 1").asText()).isEqualTo("connected");
                assertThat(get(port, "/readyz").status()).isEqualTo(200);
            } finally {
                bot.close();
            }
        }
    }

    private JsonNode healthOf(int port) {
        try {
            return get(port, "/healthz").json();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
