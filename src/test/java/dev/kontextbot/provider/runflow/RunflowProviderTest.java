package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelTier;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.ImagePrices;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

class RunflowProviderTest {
    FakeService runflow;
    RunflowProvider provider;

    @BeforeEach
    void start() throws Exception {
        runflow = new FakeService();
        provider = newProvider();
    }

    private RunflowProvider newProvider() {
        return new RunflowProvider(new RunflowConfig(runflow.base(), API_KEY, ImagePrices.ofDollars(0.04, 0.08), 10_000_000), runflow.http());
    }

    @AfterEach
    void stop() {
        runflow.close();
    }

    private String submitted(ModelTier tier) {
        runflow.json(200, "{\"id\":\"run_1\",\"status_code\":\"queued\"}");
        return ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(tier, 3, AspectRatio.SQUARE_HD, 500)))).job();
    }

    @Test
    void submitsTheProductsParametersAsTheInputOfARun() throws Exception {
        submitted(ModelTier.PRO);

        RecordedRequest request = runflow.take();
        assertThat(request.getTarget()).isEqualTo("/v1/models/black-forest-labs/flux-pro/kontext/runs");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        JsonNode input = runflow.body(request).get("input");
        assertThat(input.get("prompt").asText()).isEqualTo("make the jacket red");
        assertThat(input.get("image_url").asText()).startsWith("data:image/png;base64,");
        assertThat(input.get("aspect_ratio").asText()).isEqualTo("square_hd");
        assertThat(input.get("num_images").asInt()).isEqualTo(3);
        assertThat(input.get("guidance_scale").asDouble()).isEqualTo(3.5);
        assertThat(input.get("safety_tolerance").asInt()).isEqualTo(2);
        assertThat(input.get("output_format").asText()).isEqualTo("png");
        assertThat(input.get("seed").asLong()).isEqualTo(500);
        assertThat(provider.pricePerImageMicros(ModelTier.PRO)).isEqualTo(40_000);
    }

    @Test
    void maxUsesItsSiblingModelPath() throws Exception {
        submitted(ModelTier.MAX);
        assertThat(runflow.take().getTarget()).isEqualTo("/v1/models/black-forest-labs/flux-pro/kontext/max/runs");
    }

    @Test
    void queuedRunningSucceededDownloadsTheOutputEvenAfterARestart() throws Exception {
        String job = submitted(ModelTier.PRO);
        runflow.take();
        runflow.json(200, "{\"id\":\"run_1\",\"status_code\":\"dispatching\"}");
        runflow.json(200, "{\"id\":\"run_1\",\"status_code\":\"running\"}");
        runflow.json(200, "{\"id\":\"run_1\",\"status_code\":\"succeeded\",\"cost\":0.12,\"output\":{\"images\":[{\"url\":\""
                + runflow.url("/out/1.png") + "\",\"content_type\":\"image/png\"}],\"seed\":500}}");
        runflow.image(FakeService.png());

        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Pending("queued", -1));
        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Pending("running", -1));
        PollOutcome done = newProvider().poll(job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> assertThat(c.images().get(0).bytes()).isEqualTo(FakeService.png()));
        RecordedRequest poll = runflow.take();
        assertThat(poll.getTarget()).isEqualTo("/v1/runs/run_1");
        assertThat(poll.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    }

    @Test
    void outputAsABareListOfUrlsIsReadToo() {
        String job = submitted(ModelTier.PRO);
        runflow.json(200, "{\"status_code\":\"succeeded\",\"output\":[\"" + runflow.url("/out/a.png") + "\"]}");
        runflow.image(FakeService.png());

        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> assertThat(c.images()).hasSize(1));
    }

    @Test
    void aFailedRunShowsItsFailureMessageAndAModerationCodeIsModeration() {
        String job = submitted(ModelTier.PRO);
        runflow.json(200, "{\"status_code\":\"failed\",\"failure_message\":\"model crashed\"}");
        runflow.json(200, "{\"status_code\":\"failed\",\"failure_code\":\"content_policy_violation\",\"failure_message\":\"flagged\"}");

        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, "Runflow could not run the edit: model crashed"));
        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.MODERATED));
    }

    @Test
    void errorsCreditsAndRetries() {
        runflow.json(402, "{\"code\":\"insufficient_credits\",\"message\":\"Top up\",\"errors\":[]}");
        runflow.json(503, "{}");
        runflow.json(400, "{\"code\":\"invalid_input\",\"message\":\"num_images must be <= 4\",\"errors\":[]}");
        var edit = FakeService.edit(FakeService.params(ModelTier.PRO, 1, null, 1));

        assertThat(provider.submit(edit)).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(r.kind()).isEqualTo(FailureKind.NO_CREDITS));
        assertThat(provider.submit(edit)).isInstanceOf(SubmitOutcome.RetryLater.class);
        assertThat(provider.submit(edit)).isEqualTo(new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, "Runflow refused the request: num_images must be <= 4"));
    }

    @Test
    void anExpiredOutputUrlIsReportedAsExpired() {
        String job = submitted(ModelTier.PRO);
        runflow.json(200, "{\"status_code\":\"succeeded\",\"output\":{\"images\":[{\"url\":\"" + runflow.url("/out/old.png") + "\"}]}}");
        runflow.json(410, "{}");

        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.EXPIRED));
    }

    @Test
    void textAloneIsRefusedWithAnAlternative() {
        TurnParams params = new TurnParams(ModelTier.PRO, null, 1, 3.5, OutputFormat.JPEG, 2, false, 1);
        assertThat(provider.refusal(params, false)).get().asString().contains("attach one");
        assertThat(provider.refusal(params, true)).isEmpty();
    }

    @Test
    void aStatusRunflowNeverDocumentedIsReportedAsUnrecognisedNotAsRunning() {
        String job = submitted(ModelTier.PRO);
        runflow.json(200, "{\"status_code\":\"hibernating\"}");

        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Unrecognised("hibernating"));
    }
}
