package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.testing.SeveralImages;
import dev.kontextbot.testing.TestImages;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Several images over the JSON API: image parts of a new session, and multipart turns whose images are references. */
class PlaygroundReferencesTest {
    @TempDir
    Path dir;
    RunningPlayground playground;
    final AtomicReference<SeveralImages> provider = new AtomicReference<>();

    private void start(int maxImages) {
        playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20), Map.of("KONTEXT_PROVIDER", "offline"), configured -> {
            provider.set(new SeveralImages(configured, maxImages));
            return provider.get();
        });
    }

    @AfterEach
    void stop() {
        if (playground != null) {
            playground.close();
        }
    }

    static byte[] picture(int rgb) {
        return TestImages.encode(TestImages.drawn(64, 48, (x, y) -> rgb + x * 3 + y), "png");
    }

    private static MultipartBody form(String prompt, byte[]... images) {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", prompt);
        for (int i = 0; i < images.length; i++) {
            form.addFormDataPart("image", "p" + (i + 1) + ".png", RequestBody.create(images[i], MediaType.get("image/png")));
        }
        return form.build();
    }

    private PlaygroundHttp.Answer post(String path, MultipartBody form) throws Exception {
        return playground.call(new Request.Builder().url(playground.url(path)).post(form));
    }

    @Test
    void aNewSessionWithTwoImagePartsEditsTheFirstWithTheSecondAsImageTwo() throws Exception {
        start(4);
        byte[] one = picture(0x336699);
        byte[] two = picture(0xcc8844);

        PlaygroundHttp.Answer created = post("/api/sessions", form("put image 2 in the corner", one, two));
        assertThat(created.status()).as(String.valueOf(created.json())).isEqualTo(201);
        long id = created.json().get("id").asLong();
        JsonNode session = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, "done"), "the turn to finish");

        JsonNode turn = session.get("turns").get(0);
        assertThat(turn.get("references")).hasSize(1);
        assertThat(turn.get("references").get(0).get("number").asInt()).isEqualTo(2);
        assertThat(turn.get("inputs").asText()).isEqualTo("Image 1 is the current picture; image 2 is the one you attached.");
        assertThat(playground.get(turn.get("references").get(0).get("image_url").asText()).bytes()).isEqualTo(two);
        assertThat(provider.get().imagesOf(0)).containsExactly(one, two);
        assertThat(playground.get("/api/sessions?limit=20").json().get("sessions").get(0).get("references").asInt()).isEqualTo(1);
        assertThat(playground.get("/api/sessions/" + id + "/timeline.png").status()).isEqualTo(200);
        assertThat(playground.get("/api/sessions/" + id + "/before-after.png").status()).isEqualTo(200);
    }

    @Test
    void aMultipartTurnBringsTwoReferencesAfterTheHead() throws Exception {
        start(4);
        long id = post("/api/sessions", form("make it sepia", picture(0x224466))).json().get("id").asLong();
        JsonNode first = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, "done"), "the first turn");
        byte[] head = playground.get(first.get("head_url").asText()).bytes();
        byte[] hat = picture(0x884422);
        byte[] coat = picture(0x448822);

        PlaygroundHttp.Answer turn = post("/api/sessions/" + id + "/turns", form("put image 2 in the corner", hat, coat));
        assertThat(turn.status()).as(String.valueOf(turn.json())).isEqualTo(202);
        JsonNode session = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 2, "done"), "the turn with references");

        assertThat(provider.get().imagesOf(1)).containsExactly(head, hat, coat);
        assertThat(session.get("turns").get(1).get("references")).extracting(r -> r.get("number").asInt()).containsExactly(2, 3);
        assertThat(session.get("turns").get(1).get("inputs").asText())
                .isEqualTo("Image 1 is the current picture; images 2 and 3 are the ones you attached.");
        assertThat(playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"now blue\"}").status()).isEqualTo(202);
    }

    @Test
    void aProviderThatTakesOneImageRefusesAMultiImageTurnAndNothingIsStored() throws Exception {
        start(1);
        long id = post("/api/sessions", form("make it sepia", picture(0x102030))).json().get("id").asLong();
        playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, "done"), "the first turn");

        PlaygroundHttp.Answer refused = post("/api/sessions/" + id + "/turns", form("put image 2 in the corner", picture(0x405060)));
        PlaygroundHttp.Answer refusedStart = post("/api/sessions", form("side by side", picture(0x111111), picture(0x222222)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().toString()).contains("This provider takes one image per turn; this one has 2.");
        assertThat(refusedStart.status()).isEqualTo(400);
        assertThat(playground.get("/api/sessions/" + id).json().get("turns")).hasSize(1);
        assertThat(provider.get().requests()).hasSize(1);
    }

    @Test
    void imagePartsAndAnImageLinkTogetherAreRefused() throws Exception {
        start(4);
        MultipartBody both = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "make it sepia")
                .addFormDataPart("image_url", "https://example.com/a.png")
                .addFormDataPart("image", "a.png", RequestBody.create(picture(1), MediaType.get("image/png"))).build();

        PlaygroundHttp.Answer answer = post("/api/sessions", both);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().toString()).contains("not both");
        assertThat(List.of(provider.get().requests().size())).containsExactly(0);
    }
}
