package dev.kontextbot.adapter.web;

import dev.kontextbot.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.ConversationEngine;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The whole application as README's run command starts it (offline editor, H2 file under {@code dir}, any free
 * port), with {@code yaml} as its settings file, called over real HTTP.
 */
final class RunningPlayground implements AutoCloseable {
    private final Application app;
    private final PlaygroundHttp http;

    private RunningPlayground(Application app, PlaygroundHttp http) {
        this.app = app;
        this.http = http;
    }

    static RunningPlayground start(Path dir, String yaml, Duration readTimeout) {
        return start(dir, yaml, readTimeout, Map.of("KONTEXT_PROVIDER", "offline"));
    }

    /** {@code environment}: variables besides the data directory and port, e.g. a provider and its loopback fake. */
    static RunningPlayground start(Path dir, String yaml, Duration readTimeout, Map<String, String> environment) {
        return start(dir, yaml, readTimeout, environment, java.util.function.UnaryOperator.identity());
    }

    /** {@code around}: wraps the configured provider (one that records what it is sent, say). */
    static RunningPlayground start(Path dir, String yaml, Duration readTimeout, Map<String, String> environment,
                                   java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around) {
        return start(dir, yaml, readTimeout, environment, around, Application::publicLinks);
    }

    /** {@code links}: the fetcher of pasted links (one that reaches the test's own https server, say). */
    static RunningPlayground start(Path dir, String yaml, Duration readTimeout, Map<String, String> environment,
                                   java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around,
                                   Application.LinkFetchers links) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putAll(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0", "KONTEXT_CONFIG", ""));
        Application app = Application.start(new ConfigLoader(env).load(yaml, "test"), Application.Wiring.standard().around(around).links(links));
        return new RunningPlayground(app, new PlaygroundHttp(readTimeout));
    }

    ConversationEngine engine() {
        return app.engine();
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.httpPort() + path;
    }

    Answer call(Request.Builder request) throws IOException {
        return http.call(request);
    }

    Answer get(String path) throws IOException {
        return call(new Request.Builder().url(url(path)));
    }

    Answer post(String path, String json) throws IOException {
        return call(new Request.Builder().url(url(path)).post(RequestBody.create(json, MediaType.get("application/json"))));
    }

    /** Polls the session's JSON (each answer a 200) until {@code until} holds, for 20 s at most. */
    JsonNode awaitSession(long id, Predicate<JsonNode> until, String what) {
        return Await.value(() -> {
            Answer answer = get("/api/sessions/" + id);
            if (answer.status() != 200) {
                throw new AssertionError("GET /api/sessions/" + id + " answered " + answer.status() + ": " + answer.json());
            }
            return answer.json();
        }, until, "session " + id + ": " + what, Await.PATIENCE, Duration.ofMillis(20));
    }

    /** Whether the session has {@code count} turns and its last has ended with {@code status}, or at all when null. */
    static boolean lastEnded(JsonNode session, int count, String status) {
        JsonNode turns = session.get("turns");
        if (turns.size() != count) {
            return false;
        }
        String last = turns.get(count - 1).get("status").asText();
        return status == null ? !last.matches("queued|running") : last.equals(status);
    }

    @Override
    public void close() {
        app.close();
    }
}
