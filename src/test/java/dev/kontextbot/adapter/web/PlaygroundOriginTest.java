package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What another web page can make a browser send to the playground, forged over real HTTP: a cross-site multipart
 * POST, a JSON POST with only a Referer, and DNS rebinding (the attacker's name in Host). Each is refused with a
 * JSON error and creates nothing; the playground's own page (Origin = its own address) keeps working.
 */
class PlaygroundOriginTest {
    static final String TOKEN = "playground-token-0123456789";

    @TempDir
    Path dir;
    Application app;
    final OkHttpClient client = new OkHttpClient();
    final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "KONTEXT_CONFIG", ""));
        all.putAll(env);
        app = Application.start(new ConfigLoader(all).load("", "test"));
    }

    private String base() {
        return "http://127.0.0.1:" + app.httpPort();
    }

    private Request.Builder createSession() {
        return new Request.Builder().url(base() + "/api/sessions")
                .post(new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "a red fox").build());
    }

    record Answer(int status, JsonNode json) {
    }

    private Answer call(Request.Builder request) throws IOException {
        try (Response response = client.newCall(request.build()).execute()) {
            String body = response.body().string();
            return new Answer(response.code(), body.startsWith("{") ? mapper.readTree(body) : null);
        }
    }

    private int sessions() {
        return app.engine().recentSessions(PlaygroundServer.PLATFORM, "local", "playground", 1000).size();
    }

    @Test
    void aCrossSitePostIsRefusedAndCreatesNothing() throws IOException {
        start(Map.of());

        Answer forged = call(createSession().header("Origin", "https://evil.example"));
        Answer opaque = call(createSession().header("Origin", "null"));
        Answer otherLocalPort = call(createSession().header("Origin", "http://127.0.0.1:1"));
        Answer referer = call(new Request.Builder().url(base() + "/api/sessions/1/undo").header("Referer", "https://evil.example/page")
                .post(RequestBody.create("{}", MediaType.get("application/json"))));

        for (Answer answer : List.of(forged, opaque, otherLocalPort, referer)) {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.json().get("error").asText()).isEqualTo("cross_origin");
            assertThat(answer.json().get("message").asText()).contains("other web pages");
        }
        assertThat(sessions()).isZero();
    }

    @Test
    void thePlaygroundsOwnPageAndScriptsWithoutOriginStillPost() throws IOException {
        start(Map.of());

        assertThat(call(createSession().header("Origin", base())).status()).isEqualTo(201);
        assertThat(call(createSession().header("Origin", "http://localhost:" + app.httpPort()).header("Host", "localhost:" + app.httpPort()))
                .status()).isEqualTo(201);
        assertThat(call(createSession().header("Referer", base() + "/#session/1")).status()).isEqualTo(201);
        assertThat(call(createSession()).status()).isEqualTo(201);
        assertThat(sessions()).isEqualTo(4);
    }

    @Test
    void withoutATokenOnlyLoopbackHostNamesAreServed() throws IOException {
        start(Map.of());
        int port = app.httpPort();

        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil.example", "192.0.2.2:" + port,
                "[::ffff:127.0.0.1]", "[fe80::1]:" + port, "256.0.0.1")) {
            Answer read = call(new Request.Builder().url(base() + "/api/sessions").header("Host", host));
            assertThat(read.status()).as(host).isEqualTo(421);
            assertThat(read.json().get("error").asText()).isEqualTo("wrong_host");
            assertThat(call(createSession().header("Host", host).header("Origin", "http://" + host)).status()).as(host).isEqualTo(421);
        }
        assertThat(call(new Request.Builder().url(base() + "/").header("Host", "evil.example")).status()).isEqualTo(421);
        assertThat(sessions()).isZero();

        for (String host : List.of("localhost", "LOCALHOST:" + port, "127.0.0.1:" + port, "127.45.6.7", "[::1]:" + port, "[0:0:0:0:0:0:0:1]")) {
            assertThat(call(new Request.Builder().url(base() + "/api/sessions").header("Host", host)).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void theHealthCheckOfAnotherHostNameIsRefusedToo() throws IOException {
        start(Map.of());
        assertThat(call(new Request.Builder().url(base() + "/healthz").header("Host", "evil.example")).status()).isEqualTo(421);
        assertThat(call(new Request.Builder().url(base() + "/healthz")).status()).isEqualTo(200);
    }

    @Test
    void withATokenAnyHostIsServedButOtherSitesStillCannotPost() throws IOException {
        start(Map.of("KONTEXT_HTTP_TOKEN", TOKEN));
        String bearer = "Bearer " + TOKEN;

        assertThat(call(new Request.Builder().url(base() + "/api/sessions").header("Host", "kontext.example").header("Authorization", bearer))
                .status()).isEqualTo(200);
        assertThat(call(new Request.Builder().url(base() + "/api/sessions").header("Host", "kontext.example")).status()).isEqualTo(401);
        assertThat(call(createSession().header("Authorization", bearer).header("Origin", "https://evil.example")).status()).isEqualTo(403);
        assertThat(call(createSession().header("Authorization", bearer).header("Host", "kontext.example")
                .header("Origin", "https://kontext.example")).status()).isEqualTo(201);
        assertThat(sessions()).isEqualTo(1);
    }

    @Test
    void behindAProxyThePublicUrlNamesTheOriginThatMayPost() throws IOException {
        start(Map.of("KONTEXT_HTTP_TOKEN", TOKEN, "KONTEXT_PUBLIC_URL", "https://kontext.example.com"));
        String bearer = "Bearer " + TOKEN;

        // The proxy forwards to 127.0.0.1 and rewrites Host; only the public URL's origin is the page's.
        assertThat(call(createSession().header("Authorization", bearer).header("Origin", "https://kontext.example.com")).status()).isEqualTo(201);
        assertThat(call(createSession().header("Authorization", bearer).header("Origin", "http://kontext.example.com")).status()).isEqualTo(403);
        assertThat(call(createSession().header("Authorization", bearer).header("Origin", "https://kontext.example.com.evil.example"))
                .status()).isEqualTo(403);
        assertThat(sessions()).isEqualTo(1);
    }

    @Test
    void withoutATokenThePublicUrlsHostIsServedAsWell() throws IOException {
        start(Map.of("KONTEXT_PUBLIC_URL", "https://kontext.example.com"));

        assertThat(call(new Request.Builder().url(base() + "/api/sessions").header("Host", "kontext.example.com")).status()).isEqualTo(200);
        assertThat(call(new Request.Builder().url(base() + "/api/sessions").header("Host", "evil.example")).status()).isEqualTo(421);
    }

    @Test
    void aPublicUrlThatIsNotAnHttpUrlStopsStartUp() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("KONTEXT_PUBLIC_URL", "kontext.example.com")).load(null, "test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KONTEXT_PUBLIC_URL");
    }
}
