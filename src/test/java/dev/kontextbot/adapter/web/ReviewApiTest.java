package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.adapter.picture.TimelineRenderer;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/** Scores in the session JSON and the review pictures, over real HTTP on the whole application (offline editor, H2 file). */
class ReviewApiTest extends PlaygroundTest {
    final ObjectMapper mapper = new ObjectMapper();

    private long startSession(String prompt) throws IOException {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", prompt)
                .addFormDataPart("num_images", "2")
                .addFormDataPart("image", "photo.png", RequestBody.create(TestImages.encode(Scenes.landscape(7, 320, 240), "png"),
                        MediaType.get("image/png")))
                .build();
        return playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form)).json().get("id").asLong();
    }

    private void refine(long id, String prompt) throws IOException {
        playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id + "/turns"))
                .post(RequestBody.create(mapper.writeValueAsString(Map.of("prompt", prompt)), MediaType.get("application/json"))));
    }

    /** Until the session's last turn is done and its variants are scored (the scores follow the result). */
    private JsonNode awaitScored(long id, int turns) throws IOException, InterruptedException {
        return playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, turns, "done") && ScoredSessions.scored(s),
                turns + " finished and scored turns");
    }

    @Test
    void theSessionJsonCarriesEachVariantsScoreAndTheDrift() throws Exception {
        long id = startSession("sepia");
        awaitScored(id, 1);
        refine(id, "caption \"hello\"");

        JsonNode session = awaitScored(id, 2);

        for (JsonNode turn : session.get("turns")) {
            for (JsonNode variant : turn.get("variants")) {
                assertThat(variant.get("score").get("fidelity").asInt()).isBetween(60, 100);
                assertThat(variant.get("score").get("flags").isArray()).isTrue();
                assertThat(variant.get("score").get("flags")).isEmpty();
            }
        }
        JsonNode drift = session.get("drift");
        assertThat(drift.get("edits").asInt()).isEqualTo(2);
        assertThat(drift.get("source_fidelity").asInt()).isBetween(50, 99);
        assertThat(drift.get("identity_drift").asBoolean()).isFalse();
        assertThat(session.get("timeline_url").asText()).isEqualTo("/api/sessions/" + id + "/timeline.png");
    }

    @Test
    void theTimelineAndTheBeforeAfterPictureAreServedAsPng() throws Exception {
        long id = startSession("sepia");
        awaitScored(id, 1);

        Answer timeline = playground.get("/api/sessions/" + id + "/timeline.png?page=1");
        Answer beforeAfter = playground.get("/api/sessions/" + id + "/before-after.png");

        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.contentType()).isEqualTo("image/png");
        assertThat(timeline.response().header("X-Page-Count")).isEqualTo("1");
        assertThat(timeline.response().header("Cache-Control")).isEqualTo("no-store");
        assertThat(ImageIO.read(new ByteArrayInputStream(timeline.bytes())).getWidth()).isEqualTo(TimelineRenderer.WIDTH);
        assertThat(playground.get("/api/sessions/" + id + "/timeline.png").bytes()).isEqualTo(timeline.bytes());
        assertThat(beforeAfter.status()).isEqualTo(200);
        assertThat(beforeAfter.contentType()).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(beforeAfter.bytes())).getHeight()).isGreaterThan(300);
    }

    @Test
    void aPageOutOfRangeOrNotANumberIsAReadable4xx() throws Exception {
        long id = startSession("sepia");
        awaitScored(id, 1);

        Answer beyond = playground.get("/api/sessions/" + id + "/timeline.png?page=2");
        Answer garbled = playground.get("/api/sessions/" + id + "/timeline.png?page=two");

        assertThat(beyond.status()).isEqualTo(404);
        assertThat(beyond.json().get("message").asText()).contains("1 page");
        assertThat(garbled.status()).isEqualTo(400);
        assertThat(garbled.json().get("message").asText()).contains("'page'");
    }

    @Test
    void aGermanBrowserIsToldInGermanThatThePageDoesNotExist() throws Exception {
        long id = startSession("sepia");
        awaitScored(id, 1);

        Answer beyond = playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id + "/timeline.png?page=2"))
                .header("Accept-Language", "de-DE, de;q=0.9, en;q=0.5"));

        assertThat(beyond.status()).isEqualTo(404);
        assertThat(beyond.json().get("message").asText()).isEqualTo("Die Zeitleiste hat 1 Seite; eine Seite 2 gibt es nicht.");
    }

    @Test
    void reviewPicturesOfAnotherPlatformsSessionAreNotReachable() throws Exception {
        var slack = playground.engine().start(new ConversationEngine.StartCommand(new Conversation(new Platform("slack"), "T123", "C1", "1.2"),
                "U1", TestImages.encode(Scenes.landscape(3, 64, 48), "png"), "invert", ParamOverrides.NONE, null));

        assertThat(playground.get("/api/sessions/" + slack.session().id() + "/timeline.png").status()).isEqualTo(404);
        assertThat(playground.get("/api/sessions/" + slack.session().id() + "/before-after.png").status()).isEqualTo(404);
        assertThat(playground.get("/api/sessions/nope/timeline.png").status()).isEqualTo(404);
    }
}
