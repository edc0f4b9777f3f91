package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import dev.kontextbot.testing.TestImages;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The playground API over real HTTP, on the whole application as README's run command starts it (offline editor, H2 file). */
class PlaygroundApiTest {
    @TempDir
    Path dir;
    RunningPlayground playground;

    @BeforeEach
    void start() {
        playground = RunningPlayground.start(dir, "http:\n  max-request-mb: 1\n", Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        playground.close();
    }

    private Answer startSession(byte[] image, String filename, String prompt, Map<String, String> fields) throws IOException {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", prompt);
        if (image != null) {
            form.addFormDataPart("image", filename, RequestBody.create(image, MediaType.get("application/octet-stream")));
        }
        fields.forEach(form::addFormDataPart);
        return playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form.build()));
    }

    private JsonNode awaitTurns(long sessionId, int count) throws IOException, InterruptedException {
        return playground.awaitSession(sessionId, s -> s.get("turns").size() == count && noneUnfinished(s), count + " ended turns");
    }

    private static boolean noneUnfinished(JsonNode session) {
        for (JsonNode turn : session.get("turns")) {
            if (turn.get("status").asText().matches("queued|running")) {
                return false;
            }
        }
        return true;
    }

    /** The session once every variant of its edits has its fidelity score (scores follow the results). */
    private JsonNode awaitScores(long sessionId) throws IOException, InterruptedException {
        return playground.awaitSession(sessionId, ScoredSessions::scored, "every variant scored");
    }

    static byte[] photo() throws IOException {
        return TestImages.encode(TestImages.drawn(64, 48, (x, y) -> (x * 4) << 16 | (y * 5) << 8 | 90), "jpg");
    }

    @Test
    void anUploadedPhotoGoesThroughThreeRefiningTurnsEachOnThePreviousHeadAndSurvivesARestart() throws Exception {
        Answer created = startSession(photo(), "photo.jpg", "make it sepia", Map.of("num_images", "2"));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String source = created.json().get("source").asText();
        JsonNode session = awaitTurns(id, 1);
        for (String instruction : new String[]{"rotate 90", "add a vignette", "caption \"Kontext\""}) {
            String head = session.get("head").asText();
            Answer turn = playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"" + instruction.replace("\"", "\\\"") + "\"}");
            assertThat(turn.status()).isEqualTo(202);
            assertThat(turn.json().get("status").asText()).isIn("queued", "running", "done");
            session = awaitTurns(id, session.get("turns").size() + 1);
            JsonNode last = session.get("turns").get(session.get("turns").size() - 1);
            assertThat(last.get("status").asText()).isEqualTo("done");
            assertThat(last.get("parent").asText()).isEqualTo(head);
            assertThat(session.get("head").asText()).as(session.toPrettyString()).isNotEqualTo(head).isNotEqualTo(source);
            assertThat(last.get("variants")).hasSize(2);
            assertThat(last.get("variants").get(0).get("picked").asBoolean()).isTrue();
            assertThat(last.get("params").get("num_images").asInt()).isEqualTo(2);
        }
        // Output is JPEG (the default) but the chain of edits runs on lossless PNGs.
        JsonNode lastVariant = session.get("turns").get(3).get("variants").get(0);
        assertThat(playground.get("/api/images/" + lastVariant.get("image").asText()).contentType()).isEqualTo("image/jpeg");
        assertThat(playground.get(session.get("head_url").asText()).contentType()).isEqualTo("image/png");
        JsonNode before = awaitScores(id);

        playground.close();
        start();

        JsonNode after = playground.get("/api/sessions/" + id).json();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void imagesAreServedWithTheirTypeAndCachedForever() throws Exception {
        long id = startSession(photo(), "p.jpg", "grayscale", Map.of("output_format", "png")).json().get("id").asLong();
        JsonNode variant = awaitTurns(id, 1).get("turns").get(0).get("variants").get(0);

        Answer image = playground.get("/api/images/" + variant.get("image").asText());

        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.response().header("Cache-Control")).contains("immutable");
        assertThat(ImageIO.read(new ByteArrayInputStream(image.bytes())).getWidth()).isEqualTo(64);
        assertThat(variant.get("image_url").asText()).isEqualTo("/api/images/" + variant.get("image").asText());
    }

    @Test
    void pickRerollUndoAndBranch() throws Exception {
        long id = startSession(photo(), "p.jpg", "sepia", Map.of("num_images", "3", "seed", "100")).json().get("id").asLong();
        JsonNode session = awaitTurns(id, 1);
        long turn = session.get("turns").get(0).get("id").asLong();
        String afterTurn = session.get("head").asText();

        JsonNode picked = playground.post("/api/sessions/" + id + "/pick", "{\"turn\":" + turn + ",\"variant\":2}").json();
        assertThat(picked.get("head").asText()).isNotEqualTo(afterTurn);
        assertThat(picked.get("turns").get(0).get("variants").get(2).get("picked").asBoolean()).isTrue();
        assertThat(picked.get("turns").get(0).get("variants").get(2).get("head").asBoolean()).isTrue();

        JsonNode undone = playground.post("/api/sessions/" + id + "/undo", "").json();
        assertThat(undone.get("head").asText()).isEqualTo(afterTurn);
        assertThat(undone.get("can_redo").asBoolean()).isTrue();
        JsonNode redone = playground.post("/api/sessions/" + id + "/redo", "").json();
        assertThat(redone.get("head").asText()).isEqualTo(picked.get("head").asText());
        assertThat(redone.get("can_redo").asBoolean()).isFalse();
        assertThat(redone.get("can_undo").asBoolean()).isTrue();
        assertError(playground.post("/api/sessions/" + id + "/redo", ""), 409, "nothing to redo");
        playground.post("/api/sessions/" + id + "/undo", "");

        Answer reroll = playground.post("/api/sessions/" + id + "/reroll", "{\"turn\":" + turn + "}");
        assertThat(reroll.status()).isEqualTo(202);
        assertThat(reroll.json().get("kind").asText()).isEqualTo("reroll");
        assertThat(reroll.json().get("prompt").asText()).isEqualTo("sepia");
        assertThat(reroll.json().get("params").get("seed").asLong()).isNotEqualTo(100);
        awaitTurns(id, 2);

        Answer branch = playground.post("/api/sessions/" + id + "/branch", "{\"turn\":" + turn + ",\"variant\":1}");
        assertThat(branch.status()).isEqualTo(201);
        assertThat(branch.json().get("id").asLong()).isNotEqualTo(id);
        assertThat(branch.json().get("branched_from").get("variant").asInt()).isEqualTo(1);
        assertThat(branch.json().get("turns")).isEmpty();
        assertThat(branch.json().get("branched_from").get("session").asLong()).isEqualTo(id);
        assertThat(branch.json().get("branched_from").get("turn_number").asInt()).isEqualTo(1);
        long branchId = branch.json().get("id").asLong();
        Answer inBranch = playground.post("/api/sessions/" + branchId + "/turns", "{\"prompt\":\"invert\"}");
        assertThat(inBranch.status()).isEqualTo(202);
        // Numbered by its place in the branch, though two turns of the trunk came before it.
        assertThat(inBranch.json().get("id").asLong()).isEqualTo(3);
        assertThat(inBranch.json().get("number").asInt()).isEqualTo(1);
        assertThat(awaitTurns(branchId, 1).get("turns").get(0).get("number").asInt()).isEqualTo(1);
    }

    @Test
    void aSendRepeatedWithTheSameIdempotencyKeyStartsOneTurn() throws Exception {
        long id = startSession(photo(), "p.jpg", "sepia", Map.of()).json().get("id").asLong();
        awaitTurns(id, 1);
        Request.Builder send = new Request.Builder().url(playground.url("/api/sessions/" + id + "/turns")).header("Idempotency-Key", "page-key-1")
                .post(RequestBody.create("{\"prompt\":\"mirror\"}", MediaType.get("application/json")));

        long first = playground.call(send).json().get("id").asLong();
        long again = playground.call(send).json().get("id").asLong();

        assertThat(again).isEqualTo(first);
        assertThat(awaitTurns(id, 2).get("turns")).hasSize(2);
    }

    @Test
    void capabilitiesTellThePageTheOfflineEditorIsFreeIgnoresTheFluxSettingsAndWhatItUnderstands() throws Exception {
        JsonNode capabilities = playground.get("/api/capabilities").json();

        assertThat(capabilities.get("provider").asText()).isEqualTo("offline");
        assertThat(capabilities.get("model_settings").asBoolean()).isFalse();
        assertThat(capabilities.get("vocabulary").asText()).contains("sepia").contains("vignette").contains("caption");
        assertThat(capabilities.get("price_per_image_usd").get("kontext-pro").asDouble()).isZero();
        assertThat(capabilities.get("defaults").get("num_images").asInt()).isEqualTo(1);
        // The example is one the offline editor does: a session started with it finishes with a picture.
        long id = startSession(photo(), "p.jpg", capabilities.get("example").asText(), Map.of()).json().get("id").asLong();
        assertThat(awaitTurns(id, 1).get("turns").get(0).get("status").asText()).isEqualTo("done");
    }

    @Test
    void theHelpDescribesEveryParameterFromTheCommandCatalogueInTheBrowsersLanguage() throws Exception {
        JsonNode english = playground.get("/api/capabilities").json().get("help");
        JsonNode german = playground.call(new okhttp3.Request.Builder().url(playground.url("/api/capabilities"))
                .header("Accept-Language", "de-CH, de;q=0.9, en;q=0.5")).json().get("help");
        JsonNode malformed = playground.call(new okhttp3.Request.Builder().url(playground.url("/api/capabilities"))
                .header("Accept-Language", ";;q=x")).json().get("help");

        assertThat(english.get("parameters").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(ParamsParser.NAMES);
        assertThat(english.at("/parameters/safety_tolerance").asText()).isEqualTo("Moderation: 0 strictest … 6 permissive (0 on BFL only)");
        assertThat(english.get("flags").asText()).contains("--ar").contains("--seed");
        assertThat(german.get("language").asText()).isEqualTo("de");
        assertThat(german.at("/parameters/num_images").asText()).isEqualTo("Wie viele Varianten erzeugt werden (1-4)");
        assertThat(malformed.get("language").asText()).isEqualTo("en");
    }

    @Test
    void theCatalogueIsListedAndASessionSwitchesAmongItsModels() throws Exception {
        JsonNode models = playground.get("/api/capabilities").json().get("models");
        assertThat(models.findValuesAsText("id")).containsExactly("kontext-pro", "kontext-max", "flux-2-pro", "flux-2-max", "flux-2-flex", "kontext-dev");
        assertThat(models.get(2).get("label").asText()).isEqualTo("FLUX.2 [pro]");
        assertThat(models.get(2).get("available").asBoolean()).isTrue();
        assertThat(models.get(2).get("provider").asText()).isEqualTo("offline");

        Answer created = startSession(photo(), "p.jpg", "make it sepia", Map.of("model", "flux-2-pro"));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(awaitTurns(id, 1).get("turns").get(0).get("params").get("model").asText()).isEqualTo("flux-2-pro");
        for (String model : new String[]{"flux-2-flex", "kontext-max", "max"}) {
            Answer turn = playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"invert\",\"model\":\"" + model + "\"}");
            assertThat(turn.status()).isEqualTo(202);
        }
        JsonNode turns = awaitTurns(id, 4).get("turns");
        assertThat(turns.findValues("params").stream().map(p -> p.get("model").asText()))
                .containsExactly("flux-2-pro", "flux-2-flex", "kontext-max", "kontext-max");
        Answer unknown = playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"invert\",\"model\":\"flux-3\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().toString()).contains("There is no model 'flux-3' here; the models are kontext-pro");
    }

    @Test
    void textAloneStartsASessionThatGenerates() throws Exception {
        Answer created = startSession(null, null, "a lighthouse at dusk", Map.of("aspect_ratio", "landscape_16_9"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("head").isNull()).isTrue();

        JsonNode session = awaitTurns(created.json().get("id").asLong(), 1);

        assertThat(session.get("turns").get(0).get("kind").asText()).isEqualTo("generate");
        assertThat(session.get("head").isTextual()).isTrue();
    }

    @Test
    void sessionsAndImagesOfOtherPlatformsAreNotReachableFromThePlayground() throws Exception {
        byte[] slackPhoto = TestImages.encode(TestImages.drawn(20, 20, (x, y) -> 0x123456 + x), "png");
        var slack = playground.engine().start(new dev.kontextbot.engine.ConversationEngine.StartCommand(
                new dev.kontextbot.engine.model.Conversation(new dev.kontextbot.engine.model.Platform("slack"), "T123", "C1", "1.2"),
                "U1", slackPhoto, "invert", dev.kontextbot.engine.model.ParamOverrides.NONE, null));
        String slackImage = slack.session().source().sha256();
        long own = startSession(photo(), "p.jpg", "sepia", Map.of()).json().get("id").asLong();
        String ownImage = awaitTurns(own, 1).get("turns").get(0).get("variants").get(0).get("image").asText();

        assertError(playground.get("/api/sessions/" + slack.session().id()), 404, "no session");
        assertError(playground.post("/api/sessions/" + slack.session().id() + "/turns", "{\"prompt\":\"sepia\"}"), 404, "no session");
        assertError(playground.post("/api/sessions/" + slack.session().id() + "/undo", ""), 404, "no session");
        assertError(playground.get("/api/images/" + slackImage), 404, "no image");
        assertThat(playground.get("/api/images/" + ownImage).status()).isEqualTo(200);
    }

    @Test
    void healthzReportsVersionDatabaseAndProvider() throws Exception {
        Answer health = playground.get("/healthz");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(health.json().get("db").asText()).isEqualTo("up");
        assertThat(health.json().get("provider").asText()).isEqualTo("offline");
        assertThat(health.json().has("version")).isTrue();
    }

    @Test
    void thePlaygroundPageIsServed() throws Exception {
        Answer page = playground.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(new String(page.bytes(), StandardCharsets.UTF_8)).contains("/api/sessions");
    }

    @Test
    void badInputGetsAClear4xxAndNeverAStackTrace() throws Exception {
        long id = startSession(photo(), "p.jpg", "sepia", Map.of()).json().get("id").asLong();
        awaitTurns(id, 1);

        assertError(startSession("just some text".getBytes(), "notes.txt", "sepia", Map.of()), 400, "not an image");
        assertError(startSession(new byte[0], "empty.png", "sepia", Map.of()), 400, "empty");
        assertError(startSession("%PDF-1.7\n1 0 obj".getBytes(), "doc.pdf", "sepia", Map.of()), 400, "JPG, PNG, WebP, GIF or AVIF");
        assertError(startSession("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(), "a.svg", "sepia", Map.of()), 400, "not an image");
        assertError(startSession(photo(), "p.jpg", "sepia", Map.of("num_images", "9")), 400, "num_images must be between 1 and 4");
        assertError(startSession(null, null, "sepia", Map.of("image_url", "https://127.0.0.1/x.png")), 400, "loopback");
        assertError(startSession(null, null, "sepia", Map.of("image_url", "http://example.com/x.png")), 400, "Only https://");
        assertError(startSession(null, null, "sepia", Map.of("image_url", "https://169.254.169.254/latest/meta-data")), 400, "link-local");
        assertError(startSession(photo(), "p.jpg", "", Map.of()), 400, "Write an instruction");
        assertError(startSession(new byte[2 * 1024 * 1024], "big.png", "sepia", Map.of()), 413, "too large");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"" + "x".repeat(5000) + "\"}"), 400, "5000 characters");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"sepia\",\"guidance_scale\":50}"), 400, "guidance_scale must be between 1 and 20");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"sepia\",\"aspect_ratio\":\"wide\"}"), 400, "aspect_ratio must be one of");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"sepia\",\"seed\":\"abc\"}"), 400, "seed must be a whole number");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":"), 400, "not valid JSON");
        assertError(playground.post("/api/sessions/" + id + "/pick", "{\"turn\":\"x\"}"), 400, "'turn' is required");
        assertError(playground.post("/api/sessions/424242/turns", "{\"prompt\":\"sepia\"}"), 404, "no session 424242");
        assertError(playground.get("/api/sessions/abc"), 404, "no session abc");
        assertError(playground.get("/api/images/not-a-hash"), 404, "no image");
        assertError(playground.get("/api/images/" + "0".repeat(64)), 404, "no image");
        assertError(playground.post("/api/sessions/" + id + "/undo", ""), 200, null);
        assertError(playground.post("/api/sessions/" + id + "/undo", ""), 409, "nothing to undo");

        assertThat(playground.get("/api/sessions/" + id).json().get("turns")).hasSize(1);
    }

    @Test
    void fieldsAreCheckedByNameBeforeAnythingIsStored() throws Exception {
        long id = startSession(photo(), "p.jpg", "sepia", Map.of()).json().get("id").asLong();
        long turn = awaitTurns(id, 1).get("turns").get(0).get("id").asLong();
        Path images = dir.resolve("images");
        long stored;
        try (var files = java.nio.file.Files.walk(images)) {
            stored = files.count();
        }
        byte[] other = TestImages.encode(TestImages.drawn(40, 30, (x, y) -> x * 6 << 8), "png");

        assertError(startSession(other, "o.png", "sepia", Map.of("num_images", "5")), 400, "num_images must be between 1 and 4");
        assertError(startSession(other, "o.png", "\u00A0\u2007\u202F\u200B", Map.of()), 400, "Write an instruction");
        assertError(startSession(null, null, "sepia", Map.of("url", "https://example.com/a.png")), 400, "Unknown field 'url'");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"sepia\",\"num_images\":[5]}"), 400,
                "'num_images' must be a single value, not a list");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"sepia\",\"url\":\"x\"}"), 400, "Unknown field 'url'");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"\u00A0\u202F\"}"), 400, "Write an instruction");
        assertError(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"a\",\"prompt\":\"b\"}"), 400, "Duplicate field 'prompt'");
        assertError(playground.post("/api/sessions/" + id + "/pick", "{\"turn\":" + turn + ",\"variant\":4294967296}"), 400,
                "'variant' must be between 0 and 3, not 4294967296");
        assertError(playground.post("/api/sessions/" + id + "/branch", "{\"turn\":" + turn + ",\"variant\":1.0}"), 400, "'variant' is required");
        assertError(playground.post("/api/sessions/" + id + "/undo", "{\"turn\":1}"), 400, "Unknown field 'turn'");
        assertError(playground.post("/api/sessions/" + id + "/undo", "{\"turn\":1}"), 400, "this request takes no fields");

        try (var files = java.nio.file.Files.walk(images)) {
            assertThat(files.count()).as("files under images/").isEqualTo(stored);
        }
        assertThat(playground.get("/api/sessions/" + id).json().get("turns")).hasSize(1);
        assertThat(playground.engine().recentSessions(PlaygroundServer.PLATFORM, "local", "playground", 10)).hasSize(1);
    }

    @Test
    void aGermanBrowserIsToldInGermanWhatIsWrongWithItsRequest() throws Exception {
        long id = startSession(photo(), "p.jpg", "sepia", Map.of()).json().get("id").asLong();
        awaitTurns(id, 1);

        Answer unknown = playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id + "/pick"))
                .header("Accept-Language", "de-DE, de;q=0.9, en;q=0.5")
                .post(RequestBody.create("{\"url\":\"x\"}", MediaType.get("application/json"))));
        Answer seed = playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id + "/turns"))
                .header("Accept-Language", "de")
                .post(RequestBody.create("{\"prompt\":\"sepia\",\"seed\":\"abc\"}", MediaType.get("application/json"))));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).isEqualTo("Unbekanntes Feld 'url'; diese Anfrage kennt turn, variant.");
        assertThat(seed.status()).isEqualTo(400);
        assertThat(seed.json().get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(seed.json().get("message").asText()).isEqualTo("seed muss eine ganze Zahl sein, nicht 'abc'");

        Answer flag = playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id + "/turns"))
                .header("Accept-Language", "de")
                .post(RequestBody.create("{\"prompt\":\"sepia --ar 7:3\"}", MediaType.get("application/json"))));
        assertThat(flag.status()).isEqualTo(400);
        assertThat(flag.json().get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(flag.json().get("message").asText()).startsWith("--ar 7:3: das Seitenverhältnis muss eines von 1:1");
    }

    private static void assertError(Answer answer, int status, String message) {
        assertThat(answer.status()).as("status of %s", answer.json()).isEqualTo(status);
        if (message != null) {
            assertThat(answer.json().get("error").isTextual()).isTrue();
            assertThat(answer.json().get("message").asText()).contains(message);
            assertThat(answer.json().toString()).doesNotContain("Exception").doesNotContain("at dev.");
        }
    }
}
