package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.testing.CapturedLogs;
import dev.kontextbot.testing.PortForward;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused token and an unreachable gateway do not stop the bot: the playground runs, the banner, one log line and
 * /healthz say why Discord is not there, and the login (or the gateway connection) is tried again with backoff until
 * Discord answers, when it comes up without a restart.
 */
class DiscordReconnectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient http = new OkHttpClient();

    @TempDir
    Path dir;

    private JsonNode discordHealth(DiscordTestApp bot) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url("http://127.0.0.1:" + bot.app.httpPort() + "/healthz").build()).execute()) {
            return JSON.readTree(response.body().string()).at("/components/discord");
        }
    }

    private static String bannerLine(DiscordTestApp bot) {
        return bot.app.banner().lines().filter(l -> l.contains("Discord:")).findFirst().orElseThrow();
    }

    private static List<ILoggingEvent> warnings(CapturedLogs logs) {
        return logs.atLeast(Level.WARN);
    }

    private static boolean connectedSaid(CapturedLogs logs) {
        return logs.events().stream().anyMatch(e -> e.getFormattedMessage().startsWith("Discord connected: 1 shard(s), 1 server(s)"));
    }

    @Test
    void aRefusedTokenIsReportedRetriedAndDiscordComesUpOnceItIsAccepted() throws Exception {
        FakeDiscord discord = FakeDiscord.start();
        discord.refuseToken(true);
        try (CapturedLogs logs = CapturedLogs.root(); DiscordTestApp bot = new DiscordTestApp(dir, discord, "")) {
            assertThat(bannerLine(bot)).contains("not connected: Discord refused DISCORD_TOKEN (401 Unauthorized): copy the bot token again")
                    .contains("trying again with backoff");
            JsonNode health = discordHealth(bot);
            assertThat(health.get("status").asText()).isEqualTo("down");
            assertThat(health.get("state").asText()).startsWith("Discord refused DISCORD_TOKEN (401 Unauthorized)").contains("next attempt within");

            Await.until(() -> discord.calls().stream().filter(c -> c.path().equals("users/@me") && c.status() == 401).count() >= 2,
                    "the login tried again");
            discord.refuseToken(false);
            Await.until(() -> connectedSaid(logs), "Discord connected after the token was accepted");

            assertThat(discordHealth(bot).get("status").asText()).isEqualTo("up");
            assertThat(bannerLine(bot)).contains("connected; invite it to a server with https://discord.com/oauth2/authorize");
            assertThat(bot.answer(discord.slashCommand(discord.general(), discord.bob(), "kontext", "usage", Map.of()))).isNotBlank();
            assertThat(warnings(logs)).as("one line for the refusal, however many attempts").singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("Discord refused DISCORD_TOKEN (401 Unauthorized)")
                            .doesNotContain(FakeDiscord.TOKEN));
            assertThat(logs.events()).noneMatch(e -> e.getThrowableProxy() != null);
        }
    }

    @Test
    void anUnreachableGatewayIsReportedRetriedAndDiscordComesUpWhenItAnswers() throws Exception {
        FakeDiscord discord = FakeDiscord.start();
        try (CapturedLogs logs = CapturedLogs.root(); PortForward gateway = PortForward.closed()) {
            discord.announceGateway("ws://127.0.0.1:" + gateway.port() + "/");
            try (DiscordTestApp bot = new DiscordTestApp(dir, discord, "")) {
                JsonNode health = discordHealth(bot);
                assertThat(health.get("status").asText()).isEqualTo("down");
                assertThat(health.get("state").asText()).isEqualTo("0 of 1 shard(s) connected");
                assertThat(health.at("/details/shard 0").asText())
                        .contains("the connection to 127.0.0.1:" + gateway.port() + " was refused");
                assertThat(bannerLine(bot)).contains("connecting: 0 of 1 shard(s) connected (the gateway: the connection to 127.0.0.1:"
                        + gateway.port() + " was refused");

                gateway.open(URI.create(discord.gatewayUrl()).getPort());
                Await.until(() -> connectedSaid(logs), "Discord connected once the gateway answers");

                assertThat(discordHealth(bot).at("/details/shard 0").asText()).isEqualTo("connected");
                assertThat(bot.answer(discord.slashCommand(discord.general(), discord.bob(), "kontext", "usage", Map.of()))).isNotBlank();
                assertThat(warnings(logs)).as("one line for the unreachable gateway, no JDA error per attempt").singleElement()
                        .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("Discord shard 0 cannot connect to the gateway: "
                                + "the connection to 127.0.0.1:" + gateway.port() + " was refused"));
                assertThat(logs.events()).noneMatch(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.INFO));
            }
        }
    }
}
