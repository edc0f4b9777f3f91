package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flags written in the instruction, through the playground API on the whole application (offline editor): they become
 * the turn's parameters and leave its prompt; a bad one is a 400 naming it; the part the editor cannot do is the
 * turn's shortfall.
 */
class PlaygroundFlagsTest extends PlaygroundTest {
    @Test
    void flagsInTheFirstAndLaterInstructionsBecomeTheTurnsParameters() throws Exception {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("prompt", "make it sepia and put a hat on the cat --ar 16:9 --seed 42")
                .addFormDataPart("image", "photo.jpg", RequestBody.create(PlaygroundApiTest.photo(), MediaType.get("application/octet-stream")))
                .build();
        Answer created = playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form));
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        JsonNode first = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, "done"), "the first turn").get("turns").get(0);
        assertThat(first.get("prompt").asText()).isEqualTo("make it sepia and put a hat on the cat");
        assertThat(first.at("/params/aspect_ratio").asText()).isEqualTo("landscape_16_9");
        assertThat(first.at("/params/seed").asLong()).isEqualTo(42);
        assertThat(first.get("shortfall").asText()).startsWith("Not done: “put a hat on the cat”. The offline editor only knows");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(playground.get(first.at("/variants/0/image_url").asText()).bytes()));
        assertThat(image.getWidth() * 9).isEqualTo(image.getHeight() * 16);

        // The fields and a flag both name the variants: the flag, written last in the instruction, wins.
        Answer refined = playground.post("/api/sessions/" + id + "/turns", "{\"prompt\":\"mirror \u2014n 3 --png\",\"num_images\":\"2\"}");
        assertThat(refined.status()).as(refined.json().toString()).isEqualTo(202);
        JsonNode second = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 2, "done"), "the second turn").get("turns").get(1);
        assertThat(second.get("prompt").asText()).isEqualTo("mirror");
        assertThat(second.at("/params/num_images").asInt()).isEqualTo(3);
        assertThat(second.at("/params/output_format").asText()).isEqualTo("png");
        assertThat(second.get("variants")).hasSize(3);
        assertThat(second.has("shortfall")).isFalse();
    }

    @Test
    void aBadFlagIsRefusedByNameAndStartsNothing() throws Exception {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "a lighthouse --ar 21:9").build();

        Answer refused = playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(refused.json().get("message").asText()).startsWith("--ar 21:9: the aspect ratio must be one of 1:1, 3:4, 9:16, 4:3, 16:9");
        assertThat(playground.get("/api/sessions").json().toString()).doesNotContain("lighthouse");
    }
}
