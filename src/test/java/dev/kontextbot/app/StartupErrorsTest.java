package dev.kontextbot.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.app.config.ConfigLoader;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A chat platform that cannot be reached is told apart from one that refuses the token, in one line, with no stack
 * trace in the log: the person fixing it reads the cause, not a guess. Discord is then retried while the bot runs on.
 */
class StartupErrorsTest {
    private static final String TOKEN = "garbage-token-0123456789abcdef";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
    }

    private Application start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0", "KONTEXT_PROVIDER", "offline"));
        env.putAll(extra);
        return Application.start(new ConfigLoader(env).load(null, "test"));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static MockWebServer refusing(String body, int code) throws Exception {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
            }
        });
        server.start();
        return server;
    }

    private void assertNoStackTraceLogged() {
        List<String> traced = logs.list.stream().filter(e -> e.getThrowableProxy() != null)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertThat(traced).isEmpty();
    }

    private static MockWebServer slackAcceptingOnlyTheBotToken() throws Exception {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getTarget().endsWith("auth.test")
                        ? "{\"ok\":true,\"url\":\"https://t.slack.com/\",\"team\":\"T\",\"user\":\"kontext\",\"team_id\":\"T1\",\"user_id\":\"U1\",\"bot_id\":\"B1\"}"
                        : "{\"ok\":false,\"error\":\"invalid_auth\"}";
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
            }
        });
        server.start();
        return server;
    }

    /** The Discord line of the banner and the /healthz component: the bot runs on, and says why Discord does not. */
    private record DiscordShown(String banner, int healthStatus, JsonNode component) {
    }

    private DiscordShown discordShown(Application app) throws Exception {
        String banner = app.banner().lines().filter(l -> l.contains("Discord:")).findFirst().orElseThrow();
        try (Response health = new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/healthz").build())
                .execute()) {
            return new DiscordShown(banner, health.code(), new ObjectMapper().readTree(health.body().string()).at("/components/discord"));
        }
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void discordOnAClosedPortIsANetworkFailureNotABadTokenAndTheBotRunsOn() throws Exception {
        String api = "http://127.0.0.1:" + closedPort() + "/api/v10/";

        try (Application app = start(Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_API_URL", api))) {
            DiscordShown shown = discordShown(app);
            assertThat(shown.banner()).contains("not connected: Discord cannot be reached: the connection to 127.0.0.1 was refused")
                    .contains("DISCORD_TOKEN was not checked").contains("trying again");
            assertThat(shown.healthStatus()).isEqualTo(503);
            assertThat(shown.component().get("status").asText()).isEqualTo("down");
            assertThat(shown.component().get("state").asText()).startsWith("Discord cannot be reached: the connection to 127.0.0.1 was refused");
            assertThat(warnings()).singleElement().asString().startsWith("Discord cannot be reached: the connection to 127.0.0.1 was refused")
                    .doesNotContain("\n");
        }
        assertNoStackTraceLogged();
    }

    @Test
    void discordAtAnUnresolvableHostIsANetworkFailureNotABadToken() throws Exception {
        try (Application app = start(Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_API_URL", "http://discord.kontext-test.invalid/api/v10/"))) {
            assertThat(discordShown(app).component().get("state").asText())
                    .startsWith("Discord cannot be reached: the host name discord.kontext-test.invalid cannot be resolved")
                    .contains("DISCORD_TOKEN was not checked");
        }
        assertNoStackTraceLogged();
    }

    @Test
    void discordRefusingTheTokenSaysSoAndTheBotRunsOn() throws Exception {
        try (MockWebServer discord = refusing("{\"message\": \"401: Unauthorized\", \"code\": 0}", 401)) {
            String api = discord.url("/api/v10/").toString();

            try (Application app = start(Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_API_URL", api))) {
                DiscordShown shown = discordShown(app);
                assertThat(shown.banner()).contains("not connected: Discord refused DISCORD_TOKEN (401 Unauthorized): copy the bot token again")
                        .doesNotContain(TOKEN);
                assertThat(shown.component().get("state").asText()).startsWith("Discord refused DISCORD_TOKEN (401 Unauthorized)");
                assertThat(warnings()).singleElement().asString().startsWith("Discord refused DISCORD_TOKEN (401 Unauthorized)");
            }
            assertThat(discord.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bot " + TOKEN);
        }
        assertNoStackTraceLogged();
    }

    @Test
    void slackOnAClosedPortIsANetworkFailureNotABadTokenAndTheBotRunsOn() throws Exception {
        String api = "http://127.0.0.1:" + closedPort() + "/api/";

        String line = slackNotConnected(Map.of("SLACK_BOT_TOKEN", "xoxb-" + TOKEN, "SLACK_APP_TOKEN", "xapp-" + TOKEN, "SLACK_API_URL", api));
        assertThat(line).startsWith("Slack cannot be reached: the connection to 127.0.0.1 was refused")
                .contains("SLACK_BOT_TOKEN was not checked").doesNotContain("invalid");
    }

    @Test
    void slackAtAnUnresolvableHostIsANetworkFailureNotABadToken() throws Exception {
        String line = slackNotConnected(Map.of("SLACK_BOT_TOKEN", "xoxb-" + TOKEN, "SLACK_APP_TOKEN", "xapp-" + TOKEN,
                "SLACK_API_URL", "http://slack.kontext-test.invalid/api/"));
        assertThat(line).startsWith("Slack cannot be reached: the host name slack.kontext-test.invalid cannot be resolved");
    }

    @Test
    void slackRefusingTheBotTokenSaysSo() throws Exception {
        try (MockWebServer slack = refusing("{\"ok\": false, \"error\": \"invalid_auth\"}", 200)) {
            String api = slack.url("/api/").toString();

            String line = slackNotConnected(Map.of("SLACK_BOT_TOKEN", "xoxb-" + TOKEN, "SLACK_APP_TOKEN", "xapp-" + TOKEN, "SLACK_API_URL", api));
            assertThat(line).startsWith("Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token");
        }
    }

    @Test
    void slackRefusingTheAppTokenNamesTheAppToken() throws Exception {
        try (MockWebServer slack = slackAcceptingOnlyTheBotToken()) {
            String api = slack.url("/api/").toString();

            String line = slackNotConnected(Map.of("SLACK_BOT_TOKEN", "xoxb-" + TOKEN, "SLACK_APP_TOKEN", "xapp-" + TOKEN, "SLACK_API_URL", api));
            assertThat(line).startsWith("Slack Socket Mode refused SLACK_APP_TOKEN (invalid_auth)");
        }
    }

    /**
     * Starts the bot with a Slack that cannot connect: the start succeeds, the banner and one log line say why (no
     * token, no stack trace), and that line is returned.
     */
    private String slackNotConnected(Map<String, String> slack) {
        try (Application app = start(slack)) {
            List<String> lines = logs.list.stream().filter(e -> e.getLoggerName().endsWith("PlatformConnector"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).hasSize(1);
            String line = lines.get(0);
            assertThat(line).doesNotContain(TOKEN).contains("tried again with backoff");
            String reason = line.substring(0, line.indexOf(". The rest of the bot runs on"));
            assertThat(app.banner()).contains("Slack:       NOT CONNECTED, trying again: " + reason);
            assertNoStackTraceLogged();
            return reason;
        }
    }
}
