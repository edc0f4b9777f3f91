package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.testing.TestImages;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over a hundred bad inputs — files, links, prompts, parameters — each sent to the running playground: every one
 * answers 4xx with a message a person can read, no stack trace, and creates nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    Application app;
    long sessionId;
    long turnId;
    Path images;
    byte[] photo;
    final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    final ObjectMapper mapper = new ObjectMapper();

    /** {@code kind}: file | url | start | turn | pick | branch. */
    record Case(String name, String kind, byte[] file, Map<String, String> fields, String json) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline")).load("images:\n  max-upload-mb: 1\n", "test"));
        images = dir.resolve("images");
        photo = TestImages.encode(TestImages.drawn(16, 16, (x, y) -> x << 12), "png");
        JsonNode session = send(new Case("good", "file", photo, Map.of(), null)).json();
        sessionId = session.get("id").asLong();
        turnId = session.get("turns").get(0).get("id").asLong();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var files = Files.list(Path.of("src/test/resources/bad-inputs"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList()) {
                cases.add(new Case(file.getFileName().toString(), "file", Files.readAllBytes(file), Map.of(), null));
            }
        }
        cases.add(new Case("larger than the upload limit", "file", new byte[1_200_000], Map.of(), null));
        for (String url : List.of("https://127.0.0.1/a.png", "https://127.1.2.3/a.png", "https://10.0.0.1/a.png", "https://172.16.5.4/a.png",
                "https://192.168.1.10/a.png", "https://169.254.169.254/latest/meta-data/", "https://100.64.0.1/a.png",
                "https://0.0.0.0/a.png", "https://224.0.0.1/a.png", "https://255.255.255.255/a.png", "https://[::1]/a.png",
                "https://[fd00:ec2::254]/latest", "https://[fe80::1]/a.png", "https://[fc00::1]/a.png", "https://[::ffff:127.0.0.1]/a.png",
                "https://[::ffff:169.254.169.254]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/a.png", "https://[ff02::1]/a",
                "http://example.com/a.png", "ftp://example.com/a.png", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)",
                "data:image/png;base64,AAAA", "not a url", "https://", "//example.com/a.png", "https://user:pass@127.0.0.1/",
                "https://2130706433/a.png", "https://0x7f000001/a.png", "https://localhost/a.png",
                // Not globally reachable per the IANA registries (this test machine's own interface is in 192.0.2.0/24).
                "https://192.0.2.1/a.png", "https://198.51.100.7/a.png", "https://203.0.113.9/a.png", "https://192.88.99.1/a.png",
                "https://198.18.0.1/a.png", "https://[2001:db8::1]/a.png", "https://[64:ff9b::808:808]/a.png", "https://[100::1]/a.png",
                "https://[2001:2::1]/a.png")) {
            cases.add(new Case(url, "url", null, Map.of("image_url", url), null));
        }
        cases.add(new Case("no prompt", "start", null, Map.of("prompt", ""), null));
        cases.add(new Case("whitespace prompt", "start", null, Map.of("prompt", "   \t "), null));
        cases.add(new Case("huge prompt", "start", null, Map.of("prompt", "x".repeat(5000)), null));
        cases.add(new Case("no-break and zero-width spaces only", "start", null, Map.of("prompt", "\u00A0\u2007\u202F\u200B\uFEFF"), null));
        cases.add(new Case("misspelled image_url", "start", null, Map.of("url", "https://example.com/a.png"), null));
        cases.add(new Case("a field the API does not know", "start", null, Map.of("variants", "2"), null));
        // A good image with a bad parameter: refused before the image is stored.
        for (String[] p : new String[][]{{"num_images", "5"}, {"guidance_scale", "50"}, {"seed", "-1"}, {"aspect_ratio", "wide"}, {"prompt", "\u00A0"}}) {
            cases.add(new Case("a photo with " + p[0] + "=" + p[1], "file", photo, Map.of(p[0], p[1]), null));
        }
        for (String[] p : new String[][]{{"num_images", "0"}, {"num_images", "5"}, {"num_images", "-1"}, {"num_images", "two"}, {"num_images", "1.5"},
                {"guidance_scale", "0"}, {"guidance_scale", "21"}, {"guidance_scale", "NaN"}, {"guidance_scale", "lots"}, {"guidance_scale", "-3"},
                {"safety_tolerance", "-1"}, {"safety_tolerance", "7"}, {"safety_tolerance", "high"}, {"aspect_ratio", "wide"}, {"aspect_ratio", "16:9"},
                {"aspect_ratio", "SQUAREHD"}, {"output_format", "gif"}, {"output_format", "webp"}, {"model", "dev"}, {"model", "ultra"},
                {"seed", "-5"}, {"seed", "99999999999999"}, {"seed", "abc"}, {"enhance_prompt", "maybe"}, {"enhance_prompt", "2"}}) {
            cases.add(new Case(p[0] + "=" + p[1], "start", null, Map.of("prompt", "sepia", p[0], p[1]), null));
        }
        for (String body : List.of("", "{", "[]", "\"sepia\"", "{\"prompt\":null}", "{\"prompt\":\"   \"}", "{\"prompt\":\"" + "y".repeat(3000) + "\"}",
                "{\"prompt\":\"sepia\",\"num_images\":9}", "{\"prompt\":\"sepia\",\"guidance_scale\":\"x\"}", "{\"prompt\":\"sepia\",\"seed\":-1}",
                "{\"prompt\":\"sepia\",\"aspect_ratio\":\"portrait\"}", "{\"prompt\":\"sepia\",\"output_format\":\"bmp\"}",
                "{\"prompt\":\"sepia\",\"model\":\"schnell\"}", "{\"prompt\":\"sepia\",\"safety_tolerance\":99}",
                "{\"prompt\":\"\u00A0\u202F\u200B\"}", "{\"prompt\":\"sepia\",\"num_images\":[5]}", "{\"prompt\":[\"sepia\"]}",
                "{\"prompt\":\"sepia\",\"seed\":{\"value\":1}}", "{\"prompt\":\"sepia\",\"url\":\"https://example.com/a.png\"}",
                "{\"prompt\":\"sepia\",\"num_image\":2}", "{\"prompt\":\"sepia\",\"prompt\":\"invert\"}", "{\"prompt\":\"sepia\",\"num_images\":4294967297}")) {
            cases.add(new Case(body.length() > 40 ? body.substring(0, 40) + "…" : body, "turn", null, Map.of(), body));
        }
        for (String kind : List.of("pick", "branch")) {
            for (String body : List.of("{}", "{\"turn\":" + turnId + "}", "{\"turn\":" + turnId + ",\"variant\":4294967296}",
                    "{\"turn\":" + turnId + ",\"variant\":4294967297}", "{\"turn\":" + turnId + ",\"variant\":-1}",
                    "{\"turn\":" + turnId + ",\"variant\":4}", "{\"turn\":" + turnId + ",\"variant\":0.5}",
                    "{\"turn\":\"" + turnId + "\",\"variant\":0}", "{\"turn\":[" + turnId + "],\"variant\":0}",
                    "{\"turn\":" + turnId + ",\"variant\":0,\"index\":0}", "{\"turn\":18446744073709551617,\"variant\":0}")) {
                cases.add(new Case(body, kind, null, Map.of(), body));
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        return cases.stream();
    }

    record Answer(int status, JsonNode json) {
    }

    private Answer send(Case c) throws IOException {
        Request request;
        if (List.of("turn", "pick", "branch").contains(c.kind())) {
            String path = c.kind().equals("turn") ? "turns" : c.kind();
            request = new Request.Builder().url(url("/api/sessions/" + sessionId + "/" + path))
                    .post(RequestBody.create(c.json(), MediaType.get("application/json"))).build();
        } else {
            MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
            if (!c.fields().containsKey("prompt")) {
                form.addFormDataPart("prompt", "make it sepia");
            }
            c.fields().forEach(form::addFormDataPart);
            if (c.file() != null) {
                form.addFormDataPart("image", c.name(), RequestBody.create(c.file(), MediaType.get("application/octet-stream")));
            }
            request = new Request.Builder().url(url("/api/sessions")).post(form.build()).build();
        }
        try (Response response = client.newCall(request).execute()) {
            return new Answer(response.code(), mapper.readTree(response.body().bytes()));
        }
    }

    private long storedImages() throws IOException {
        try (var files = Files.walk(images)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + app.httpPort() + path;
    }

    private int sessionsAndTurns() throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url("/api/sessions/" + sessionId)).build()).execute()) {
            return mapper.readTree(response.body().bytes()).get("turns").size() * 1000 + (int) app.engine().session(sessionId).id();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadInputGetsAClear4xxAndChangesNothing(Case c) throws IOException {
        int before = sessionsAndTurns();
        long imagesBefore = storedImages();
        String headBefore = String.valueOf(app.engine().session(sessionId).head());
        long sessionsBefore = app.engine().recentSessions(PlaygroundServer.PLATFORM, "local", "playground", 1000).size();

        Answer answer = send(c);

        assertThat(answer.status()).as(answer.json().toString()).isBetween(400, 499);
        assertThat(answer.json().get("error").asText()).isNotBlank();
        String message = answer.json().get("message").asText();
        assertThat(message).hasSizeGreaterThan(10).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("null");
        assertThat(sessionsAndTurns()).isEqualTo(before);
        assertThat(storedImages()).as("image files stored").isEqualTo(imagesBefore);
        assertThat(String.valueOf(app.engine().session(sessionId).head())).as("head").isEqualTo(headBefore);
        assertThat(app.engine().recentSessions(PlaygroundServer.PLATFORM, "local", "playground", 1000)).hasSize((int) sessionsBefore);
    }
}
