package dev.kontextbot.app;

import dev.kontextbot.testing.Await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and keys never reach the logs, the banner, the health endpoint or a turn's error, even when they are refused. */
class SecretsStayOutOfLogsTest {
    static final String FAL_KEY = "fal-secret-key-ABCDEF-0123456789";
    static final String DB_PASSWORD = "db-password-XYZ-987";

    @TempDir
    Path dir;

    @Test
    void aRefusedKeyIsReportedWithoutTheKey() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (FakeService fal = new FakeService()) {
            fal.server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(401).body("{\"detail\":\"Invalid key " + request.getHeaders().get("Authorization") + "\"}").build();
                }
            });
            Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                    "KONTEXT_PROVIDER", "fal", "FAL_KEY", FAL_KEY, "FAL_BASE_URL", fal.base(), "KONTEXT_DB_PASSWORD", DB_PASSWORD)).load(null, "test"));
            try {
                var started = app.engine().start(new dev.kontextbot.engine.ConversationEngine.StartCommand(
                        new dev.kontextbot.engine.model.Conversation(new dev.kontextbot.engine.model.Platform("playground"), "local", "p", "t"),
                        "ana", FakeService.png(), "make it red", dev.kontextbot.engine.model.ParamOverrides.NONE, null));
                Await.until(() -> app.engine().turn(started.turn().id()).orElseThrow().status().isFinal(), "the turn to end");
                var turn = app.engine().turn(started.turn().id()).orElseThrow();
                String health;
                try (Response response = new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/healthz").build()).execute()) {
                    health = response.body().string();
                }

                assertThat(turn.errorMessage()).contains("refused the bot's API key").doesNotContain(FAL_KEY);
                assertThat(app.banner()).doesNotContain(FAL_KEY).doesNotContain(DB_PASSWORD);
                assertThat(health).doesNotContain(FAL_KEY);
            } finally {
                app.close();
            }
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(FAL_KEY) || line.contains(DB_PASSWORD));
    }
}
