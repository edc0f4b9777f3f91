package dev.kontextbot.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.http.DataUri;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue's fal routes on the wire: Kontext's multi endpoints and FLUX.2's edit endpoints take image_urls[]. */
class FalModelsWireTest {
    private static final ModelId FLUX_2_PRO = new ModelId("flux-2-pro");
    private static final ModelId FLUX_2_MAX = new ModelId("flux-2-max");

    FakeService fal;
    FalProvider provider;

    @BeforeEach
    void start() throws Exception {
        fal = new FakeService();
        provider = new FalProvider(new FalConfig(fal.base(), API_KEY, TestCatalogue.routes("fal"), 10_000_000), fal.http());
    }

    @AfterEach
    void stop() {
        fal.close();
    }

    private static List<SourceImage> images(int n) {
        return IntStream.range(0, n).mapToObj(i -> new SourceImage(TestImages.encode(new BufferedImage(2 + i, 2, BufferedImage.TYPE_INT_RGB),
                "png"), "image/png", 2 + i, 2)).toList();
    }

    private JsonNode sent(TurnParams params, List<SourceImage> images, String expectedPath) throws Exception {
        fal.json(200, "{\"request_id\":\"r1\",\"status_url\":\"" + fal.url("/s") + "\",\"response_url\":\"" + fal.url("/r") + "\"}");
        assertThat(provider.submit(new EditRequest("the person from image 1 wearing the outfit from image 2", params, images)))
                .isInstanceOf(SubmitOutcome.Submitted.class);
        RecordedRequest request = fal.take();
        assertThat(request.getTarget()).isEqualTo(expectedPath);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Key " + API_KEY);
        return fal.body(request);
    }

    private String urls(List<SourceImage> images) {
        return images.stream().map(image -> "\"" + DataUri.of(image) + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Test
    void kontextWithSeveralImagesGoesToTheMultiEndpointWithImageUrls() throws Exception {
        List<SourceImage> images = images(3);
        JsonNode body = sent(new TurnParams(ModelId.KONTEXT_PRO, AspectRatio.LANDSCAPE_4_3, 2, 4.0, OutputFormat.PNG, 3, true, 21), images,
                "/fal-ai/flux-pro/kontext/multi");

        assertThat(body).isEqualTo(fal.mapper.readTree("{\"prompt\":\"the person from image 1 wearing the outfit from image 2\","
                + "\"image_urls\":" + urls(images) + ",\"aspect_ratio\":\"4:3\",\"guidance_scale\":4.0,\"num_images\":2,"
                + "\"output_format\":\"png\",\"safety_tolerance\":\"3\",\"enhance_prompt\":true,\"seed\":21}"));
    }

    @Test
    void kontextMaxWithSeveralImagesGoesToItsOwnMultiEndpoint() throws Exception {
        sent(new TurnParams(ModelId.KONTEXT_MAX, null, 1, 3.5, OutputFormat.JPEG, 2, false, 1), images(2), "/fal-ai/flux-pro/kontext/max/multi");
    }

    @Test
    void kontextWithOneImageStaysOnItsEndpointWithImageUrl() throws Exception {
        List<SourceImage> images = images(1);
        JsonNode body = sent(new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.JPEG, 2, false, 5), images, "/fal-ai/flux-pro/kontext");

        assertThat(body.get("image_url").asText()).isEqualTo(DataUri.of(images.get(0)));
        assertThat(body.has("image_urls")).isFalse();
    }

    @Test
    void flux2EditTakesImageUrlsAndAnImageSizeAndNoKontextFields() throws Exception {
        List<SourceImage> images = images(2);
        JsonNode body = sent(new TurnParams(FLUX_2_PRO, AspectRatio.PORTRAIT_16_9, 1, 3.5, OutputFormat.JPEG, 4, false, 8), images,
                "/fal-ai/flux-2-pro/edit");

        assertThat(body).isEqualTo(fal.mapper.readTree("{\"prompt\":\"the person from image 1 wearing the outfit from image 2\","
                + "\"image_urls\":" + urls(images) + ",\"image_size\":{\"width\":720,\"height\":1280},"
                + "\"output_format\":\"jpeg\",\"safety_tolerance\":\"4\",\"seed\":8}"));
    }

    @Test
    void flux2MaxEditTakesOneImageAsAListToo() throws Exception {
        List<SourceImage> images = images(1);
        JsonNode body = sent(new TurnParams(FLUX_2_MAX, null, 1, 3.5, OutputFormat.PNG, 2, false, 2), images, "/fal-ai/flux-2-max/edit");

        assertThat(body).isEqualTo(fal.mapper.readTree("{\"prompt\":\"the person from image 1 wearing the outfit from image 2\","
                + "\"image_urls\":" + urls(images) + ",\"output_format\":\"png\",\"safety_tolerance\":\"2\",\"seed\":2}"));
    }

    @Test
    void flux2FromTextAloneUsesTheTextToImageEndpointWithoutImages() throws Exception {
        JsonNode body = sent(new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.PNG, 2, false, 2), List.of(), "/fal-ai/flux-2-pro");

        assertThat(body.has("image_urls")).isFalse();
        assertThat(body.has("image_url")).isFalse();
    }

    @Test
    void flux2AtFalMakesOneImageARequestAndSaysSo() {
        assertThat(english(provider.refusal(new TurnParams(FLUX_2_PRO, null, 2, 3.5, OutputFormat.PNG, 2, false, 2), 1)))
                .contains("fal.ai's flux-2-pro makes one image per request here; ask for num_images 1.");
        assertThat(english(provider.refusal(new TurnParams(new ModelId("flux-2-flex"), null, 1, 3.5, OutputFormat.PNG, 2, false, 2), 1)))
                .hasValueSatisfying(text -> assertThat(text).startsWith("fal.ai does not serve flux-2-flex here"));
    }

    @Test
    void theSharedChecksComeFirstAsAtBfl() {
        int most = provider.routes().require(FLUX_2_PRO).maxImages();

        // Two reasons apply: too many images (shared) and one image per request (fal's own); the shared one is said.
        assertThat(english(provider.refusal(new TurnParams(FLUX_2_PRO, null, 2, 3.5, OutputFormat.PNG, 2, false, 2), most + 1)))
                .contains("fal.ai takes up to " + most + " images per turn; this one has " + (most + 1) + ".");
    }
}
