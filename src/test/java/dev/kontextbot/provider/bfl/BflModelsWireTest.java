package dev.kontextbot.provider.bfl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;

import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue's BFL routes on the wire: FLUX.2 and Kontext bodies with several reference images, and BFL's cost. */
class BflModelsWireTest {
    private static final ModelId FLUX_2_PRO = new ModelId("flux-2-pro");
    private static final ModelId FLUX_2_FLEX = new ModelId("flux-2-flex");

    FakeService bfl;
    BflProvider provider;

    @BeforeEach
    void start() throws Exception {
        bfl = new FakeService();
        provider = new BflProvider(new BflConfig(bfl.base(), API_KEY, TestCatalogue.routes("bfl"), 10_000_000), bfl.http());
    }

    @AfterEach
    void stop() {
        bfl.close();
    }

    static List<SourceImage> images(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
            BufferedImage image = new BufferedImage(2 + i, 2, BufferedImage.TYPE_INT_RGB);
            return new SourceImage(TestImages.encode(image, "png"), "image/png", 2 + i, 2);
        }).toList();
    }

    private static String b64(SourceImage image) {
        return Base64.getEncoder().encodeToString(image.bytes());
    }

    private JsonNode sent(TurnParams params, List<SourceImage> images, String expectedPath) throws Exception {
        bfl.json(200, "{\"id\":\"t1\",\"polling_url\":\"" + bfl.url("/v1/get_result?id=t1") + "\",\"cost\":6.0,\"input_mp\":2.0,\"output_mp\":1.0}");
        SubmitOutcome outcome = provider.submit(new EditRequest("put the hat from image 2 on her", params, images));
        assertThat(outcome).isInstanceOf(SubmitOutcome.Submitted.class);
        RecordedRequest request = bfl.take();
        assertThat(request.getTarget()).isEqualTo(expectedPath);
        assertThat(request.getHeaders().get("x-key")).isEqualTo(API_KEY);
        return bfl.body(request);
    }

    @Test
    void flux2ProTakesEveryReferenceAsInputImageNAndWidthHeightForTheRatio() throws Exception {
        List<SourceImage> images = images(3);
        JsonNode body = sent(new TurnParams(FLUX_2_PRO, AspectRatio.LANDSCAPE_16_9, 1, 3.5, OutputFormat.PNG, 5, false, 10), images,
                "/v1/flux-2-pro");

        assertThat(body).isEqualTo(bfl.mapper.readTree("{\"prompt\":\"put the hat from image 2 on her\",\"input_image\":\"" + b64(images.get(0))
                + "\",\"input_image_2\":\"" + b64(images.get(1)) + "\",\"input_image_3\":\"" + b64(images.get(2))
                + "\",\"seed\":10,\"width\":1280,\"height\":720,\"output_format\":\"png\",\"safety_tolerance\":5}"));
    }

    @Test
    void flux2WithoutARatioSendsNoSizeSoTheInputsSizeIsKept() throws Exception {
        List<SourceImage> images = images(1);
        JsonNode body = sent(new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.JPEG, 2, false, 3), images, "/v1/flux-2-pro");

        assertThat(body).isEqualTo(bfl.mapper.readTree("{\"prompt\":\"put the hat from image 2 on her\",\"input_image\":\"" + b64(images.get(0))
                + "\",\"seed\":3,\"output_format\":\"jpeg\",\"safety_tolerance\":2}"));
    }

    @Test
    void flux2FlexAddsGuidanceAndPromptUpsampling() throws Exception {
        List<SourceImage> images = images(2);
        JsonNode body = sent(new TurnParams(FLUX_2_FLEX, AspectRatio.SQUARE, 1, 6.5, OutputFormat.JPEG, 1, true, 7), images, "/v1/flux-2-flex");

        assertThat(body).isEqualTo(bfl.mapper.readTree("{\"prompt\":\"put the hat from image 2 on her\",\"input_image\":\"" + b64(images.get(0))
                + "\",\"input_image_2\":\"" + b64(images.get(1)) + "\",\"seed\":7,\"width\":1024,\"height\":1024,\"guidance\":6.5,"
                + "\"output_format\":\"jpeg\",\"prompt_upsampling\":true,\"safety_tolerance\":1}"));
    }

    @Test
    void kontextMultiReferenceUsesInputImage2To4OnItsOwnEndpoint() throws Exception {
        List<SourceImage> images = images(4);
        JsonNode body = sent(new TurnParams(ModelId.KONTEXT_PRO, AspectRatio.PORTRAIT_4_3, 1, 3.5, OutputFormat.PNG, 2, false, 9), images,
                "/v1/flux-kontext-pro");

        assertThat(body).isEqualTo(bfl.mapper.readTree("{\"prompt\":\"put the hat from image 2 on her\",\"input_image\":\"" + b64(images.get(0))
                + "\",\"input_image_2\":\"" + b64(images.get(1)) + "\",\"input_image_3\":\"" + b64(images.get(2))
                + "\",\"input_image_4\":\"" + b64(images.get(3)) + "\",\"seed\":9,\"aspect_ratio\":\"3:4\",\"output_format\":\"png\","
                + "\"prompt_upsampling\":false,\"safety_tolerance\":2}"));
    }

    @Test
    void theLimitsComeFromTheCatalogue() {
        TurnParams kontext = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.PNG, 2, false, 1);
        TurnParams flux = new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.PNG, 2, false, 1);

        assertThat(english(provider.refusal(kontext, 4))).isEmpty();
        assertThat(english(provider.refusal(kontext, 5))).contains("BFL takes up to 4 images per turn; this one has 5.");
        assertThat(english(provider.refusal(flux, 8))).isEmpty();
        assertThat(english(provider.refusal(flux, 9))).contains("BFL takes up to 8 images per turn; this one has 9.");
        assertThat(english(provider.refusal(new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.PNG, 6, false, 1), 1)))
                .contains("BFL takes safety_tolerance 0 (strictest) to 5; you asked for 6.");
        assertThat(english(provider.refusal(new TurnParams(FLUX_2_FLEX, null, 1, 8, OutputFormat.PNG, 2, false, 1), 1))).isEmpty();
    }

    @Test
    void theCostBflReportsIsRecordedInCreditsOfOneCent() throws Exception {
        sent(new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.PNG, 2, false, 1), images(2), "/v1/flux-2-pro");
        // The submit above was answered with cost 6.0 credits; its token is what a poll gets.
        bfl.json(200, "{\"id\":\"t1\",\"polling_url\":\"" + bfl.url("/v1/get_result?id=t1") + "\",\"cost\":6.0}");
        String job = ((SubmitOutcome.Submitted) provider.submit(new EditRequest("again", new TurnParams(FLUX_2_PRO, null, 1, 3.5,
                OutputFormat.PNG, 2, false, 1), images(2)))).job();
        bfl.take();
        bfl.json(200, "{\"id\":\"t1\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + bfl.url("/delivery/s.png") + "\",\"seed\":1}}");
        bfl.image(FakeService.png());

        PollOutcome outcome = provider.poll(job);

        assertThat(outcome).isInstanceOfSatisfying(PollOutcome.Completed.class,
                done -> assertThat(done.reportedCostMicros()).hasValue(60_000));
    }

    @Test
    void withoutACostInTheReplyNothingIsReportedAndTheEngineEstimates() throws Exception {
        bfl.json(200, "{\"id\":\"t1\",\"polling_url\":\"" + bfl.url("/v1/get_result?id=t1") + "\"}");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1)))).job();
        bfl.take();
        bfl.json(200, "{\"id\":\"t1\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + bfl.url("/delivery/s.png") + "\",\"seed\":1}}");
        bfl.image(FakeService.png());

        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Completed.class,
                done -> assertThat(done.reportedCostMicros()).isEmpty());
    }
}
