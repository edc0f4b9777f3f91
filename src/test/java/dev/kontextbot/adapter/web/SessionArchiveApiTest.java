package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import dev.kontextbot.testing.Zips;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/sessions/{id}/export.zip and POST /api/sessions/import over real HTTP, on the whole application (offline editor). */
class SessionArchiveApiTest {
    @TempDir
    Path dir;
    RunningPlayground playground;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void start() {
        playground = RunningPlayground.start(dir, "http:\n  max-request-mb: 4\nimages:\n  max-upload-mb: 2\n", Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        playground.close();
    }

    private Answer post(String path, Object json) throws IOException {
        return playground.post(path, mapper.writeValueAsString(json));
    }

    private Answer importArchive(byte[] zip) throws IOException {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "session.zip", RequestBody.create(zip, MediaType.get("application/zip"))).build();
        return playground.call(new Request.Builder().url(playground.url("/api/sessions/import")).post(form));
    }

    @Test
    void aGermanBrowserIsToldInGermanWhatIsWrongWithAnArchive() throws Exception {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "session.zip", RequestBody.create("not a zip at all".getBytes(StandardCharsets.UTF_8), MediaType.get("application/zip"))).build();
        Answer german = playground.call(new Request.Builder().url(playground.url("/api/sessions/import")).header("Accept-Language", "de").post(form));

        assertThat(german.status()).isEqualTo(400);
        assertThat(german.json().get("error").asText()).isEqualTo("bad_archive");
        assertThat(german.json().get("message").asText()).isEqualTo("Diese Datei ist kein Zip-Archiv. Importiere eine von kontext-bot exportierte .zip-Datei.");
    }

    private long startSession() throws IOException {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "sepia")
                .addFormDataPart("num_images", "2")
                .addFormDataPart("image", "photo.png", RequestBody.create(TestImages.encode(Scenes.landscape(3, 200, 150), "png"),
                        MediaType.get("image/png")))
                .build();
        return playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form)).json().get("id").asLong();
    }

    private JsonNode awaitDone(long id, int turns) throws IOException, InterruptedException {
        return playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, turns, null) && ScoredSessions.scored(s),
                turns + " finished (and scored) turns");
    }

    /** Three turns, a pick, votes and a failed instruction: what a team review leaves behind. */
    private JsonNode reviewedSession() throws Exception {
        long id = startSession();
        awaitDone(id, 1);
        post("/api/sessions/" + id + "/turns", Map.of("prompt", "add a vignette", "num_images", 3, "seed", 4242));
        JsonNode session = awaitDone(id, 2);
        post("/api/sessions/" + id + "/turns", Map.of("prompt", "paint it like Monet"));
        awaitDone(id, 3);
        long second = session.get("turns").get(1).get("id").asLong();
        playground.engine().vote(id, new VariantRef(second, 2), "U1", true);
        post("/api/sessions/" + id + "/pick", Map.of("turn", second, "variant", 1));
        return playground.get("/api/sessions/" + id).json();
    }

    @Test
    void anExportedSessionImportsAsANewPlaygroundSessionWithTheSameHistoryAndImages() throws Exception {
        JsonNode original = reviewedSession();
        long id = original.get("id").asLong();

        Answer export = playground.get("/api/sessions/" + id + "/export.zip");
        Answer imported = importArchive(export.bytes());

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).isEqualTo("application/zip");
        assertThat(export.response().header("Content-Disposition")).isEqualTo("attachment; filename=\"kontext-session-" + id + ".zip\"");
        assertThat(export.response().header("Content-Length")).isEqualTo(Integer.toString(export.bytes().length));
        assertThat(imported.status()).as("%s", imported.json()).isEqualTo(201);
        JsonNode copy = imported.json();
        assertThat(copy.get("id").asLong()).isNotEqualTo(id);
        assertThat(playground.get("/api/sessions/" + copy.get("id").asLong()).json()).isEqualTo(copy);
        assertThat(copy.get("head").asText()).isEqualTo(original.get("head").asText());
        assertThat(copy.get("source").asText()).isEqualTo(original.get("source").asText());
        assertThat(copy.get("turns")).hasSize(3);
        for (int t = 0; t < 3; t++) {
            JsonNode a = original.get("turns").get(t);
            JsonNode b = copy.get("turns").get(t);
            assertThat(b.get("prompt")).isEqualTo(a.get("prompt"));
            assertThat(b.get("params")).isEqualTo(a.get("params"));
            assertThat(b.get("status")).isEqualTo(a.get("status"));
            assertThat(b.get("kind")).isEqualTo(a.get("kind"));
            assertThat(b.get("variants")).hasSameSizeAs(a.get("variants"));
            for (int v = 0; v < a.get("variants").size(); v++) {
                JsonNode x = a.get("variants").get(v);
                JsonNode y = b.get("variants").get(v);
                for (String field : new String[]{"index", "image", "seed", "votes", "picked", "head", "score"}) {
                    assertThat(y.get(field)).as("turn %d variant %d %s", t, v, field).isEqualTo(x.get(field));
                }
                assertThat(playground.get(y.get("image_url").asText()).bytes()).isEqualTo(playground.get(x.get("image_url").asText()).bytes());
            }
        }
        assertThat(copy.get("turns").get(1).get("variants").get(2).get("votes").asInt()).isEqualTo(1);
        assertThat(copy.get("turns").get(1).get("variants").get(1).get("picked").asBoolean()).isTrue();
        assertThat(copy.get("turns").get(2).get("status").asText()).isEqualTo("failed");
        assertThat(copy.get("drift")).isEqualTo(original.get("drift"));
        assertThat(playground.get(copy.get("timeline_url").asText()).status()).isEqualTo(200);
    }

    @Test
    void aGermanBrowserReadsInGermanWhatIsWrongInsideAManifest() throws Exception {
        long id = startSession();
        awaitDone(id, 1);
        Map<String, byte[]> valid = Zips.entries(playground.get("/api/sessions/" + id + "/export.zip").bytes());
        ObjectNode manifest = Zips.manifest(valid);
        long turn = manifest.withArray("turns").get(0).get("id").asLong();
        ((ObjectNode) manifest.withArray("turns").get(0)).put("kind", "teleport");
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("file", "session.zip",
                RequestBody.create(Zips.zip(Zips.withManifest(valid, manifest)), MediaType.get("application/zip"))).build();
        int sessions = playground.get("/api/sessions").json().get("total").asInt();

        Answer german = playground.call(new Request.Builder().url(playground.url("/api/sessions/import")).header("Accept-Language", "de-DE,de;q=0.9")
                .post(form));

        assertThat(german.status()).isEqualTo(400);
        assertThat(german.json().get("error").asText()).isEqualTo("bad_archive");
        assertThat(german.json().get("message").asText()).isEqualTo("Schritt " + turn + " hat eine unbekannte Art 'teleport'.");
        assertThat(playground.get("/api/sessions").json().get("total").asInt()).isEqualTo(sessions);
    }

    @Test
    void badArchivesAreRefusedWithAClear4xxAndCreateNoSession() throws Exception {
        long id = startSession();
        awaitDone(id, 1);
        Map<String, byte[]> valid = Zips.entries(playground.get("/api/sessions/" + id + "/export.zip").bytes());
        int sessions = playground.get("/api/sessions").json().get("total").asInt();

        assertRefused(importArchive("not a zip at all".getBytes(StandardCharsets.UTF_8)), 400, "not a zip archive");
        Map<String, byte[]> noManifest = new LinkedHashMap<>(valid);
        noManifest.remove("manifest.json");
        assertRefused(importArchive(Zips.zip(noManifest)), 400, "no manifest.json");
        ObjectNode future = Zips.manifest(valid).put("version", 7);
        assertRefused(importArchive(Zips.zip(Zips.withManifest(valid, future))), 400, "format version 7");
        Map<String, byte[]> traversal = new LinkedHashMap<>(valid);
        traversal.put("images/../../../home/evil.sh", "#!/bin/sh".getBytes(StandardCharsets.UTF_8));
        assertRefused(importArchive(Zips.zip(traversal)), 400, "points outside the archive");
        Map<String, byte[]> crowded = new LinkedHashMap<>(valid);
        for (int i = 0; i < 2_000; i++) {
            crowded.put("images/x" + i + ".png", new byte[0]);
        }
        assertRefused(importArchive(Zips.zip(crowded)), 413, "entries; at most 2000");
        Map<String, byte[]> bomb = new LinkedHashMap<>(valid);
        bomb.put("images/bomb.png", new byte[3 * 1024 * 1024]);
        assertRefused(importArchive(Zips.zip(bomb)), 413, "the limit is 2.0 MB");
        Map<String, byte[]> notAnImage = new LinkedHashMap<>(valid);
        notAnImage.put("images/source.png", "%PDF-1.7".getBytes(StandardCharsets.UTF_8));
        assertRefused(importArchive(Zips.zip(notAnImage)), 400, "images/source.png: That file is not an image I can use");
        assertRefused(importArchive(new byte[5 * 1024 * 1024]), 413, "too large");
        assertRefused(playground.call(new Request.Builder().url(playground.url("/api/sessions/import")).post(RequestBody.create("{}", MediaType.get("application/json")))),
                400, "multipart form field 'file'");

        assertThat(playground.get("/api/sessions").json().get("total").asInt()).isEqualTo(sessions);
    }

    @Test
    void anotherPlatformsSessionCannotBeExported() throws Exception {
        var slack = playground.engine().start(new ConversationEngine.StartCommand(new Conversation(new Platform("slack"), "T1", "C1", "1.1"), "U1",
                TestImages.encode(Scenes.landscape(4, 64, 48), "png"), "invert", ParamOverrides.NONE, null));

        assertRefused(playground.get("/api/sessions/" + slack.session().id() + "/export.zip"), 404, "no session");
        assertRefused(playground.get("/api/sessions/nope/export.zip"), 404, "no session");
    }

    private static void assertRefused(Answer answer, int status, String message) {
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(status);
        assertThat(answer.json().get("message").asText()).contains(message);
        assertThat(answer.json().toString()).doesNotContain("Exception");
    }
}
