package dev.kontextbot.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.ProviderFailuresSaid.Said;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.said;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static dev.kontextbot.testing.ProviderFailuresSaid.worded;
import static org.assertj.core.api.Assertions.assertThat;

class FalProviderTest {
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

    private String submitted() {
        fal.json(200, "{\"request_id\":\"r1\",\"status_url\":\"" + fal.url("/fal-ai/flux-pro/requests/r1/status")
                + "\",\"response_url\":\"" + fal.url("/fal-ai/flux-pro/requests/r1") + "\",\"cancel_url\":\""
                + fal.url("/fal-ai/flux-pro/requests/r1/cancel") + "\",\"queue_position\":2}");
        return ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 2, AspectRatio.PORTRAIT_16_9, 77)))).job();
    }

    @Test
    void submitsToTheQueueWithFalsTypes() throws Exception {
        submitted();

        RecordedRequest request = fal.take();
        assertThat(request.getTarget()).isEqualTo("/fal-ai/flux-pro/kontext");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Key " + API_KEY);
        JsonNode body = fal.body(request);
        assertThat(body.get("image_url").asText()).startsWith("data:image/png;base64,");
        assertThat(body.get("aspect_ratio").asText()).isEqualTo("9:16");
        assertThat(body.get("safety_tolerance").isTextual()).isTrue();
        assertThat(body.get("safety_tolerance").asText()).isEqualTo("2");
        assertThat(body.get("num_images").asInt()).isEqualTo(2);
        assertThat(body.get("guidance_scale").asDouble()).isEqualTo(3.5);
        assertThat(body.get("enhance_prompt").asBoolean()).isTrue();
        assertThat(body.get("seed").asLong()).isEqualTo(77);
    }

    @Test
    void textAloneGoesToTheTextToImageEndpointOfTheTier() throws Exception {
        fal.json(200, "{\"request_id\":\"r2\",\"status_url\":\"" + fal.url("/s") + "\",\"response_url\":\"" + fal.url("/r") + "\"}");
        provider.submit(new EditRequest("a fox", FakeService.params(ModelId.KONTEXT_MAX, 1, null, 1), java.util.List.of()));

        RecordedRequest request = fal.take();
        assertThat(request.getTarget()).isEqualTo("/fal-ai/flux-pro/kontext/max/text-to-image");
        assertThat(fal.body(request).has("image_url")).isFalse();
    }

    @Test
    void queuedThenInProgressThenCompletedFetchesEveryImage() throws Exception {
        String job = submitted();
        fal.take();
        fal.json(200, "{\"status\":\"IN_QUEUE\",\"queue_position\":3}");
        fal.json(200, "{\"status\":\"IN_PROGRESS\",\"logs\":[]}");
        fal.json(200, "{\"status\":\"COMPLETED\"}");
        fal.json(200, "{\"images\":[{\"url\":\"" + fal.url("/files/1.png") + "\",\"content_type\":\"image/png\"},{\"url\":\""
                + fal.url("/files/2.png") + "\",\"content_type\":\"image/png\"}],\"seed\":77,\"has_nsfw_concepts\":[false,false]}");
        fal.image(FakeService.png());
        fal.image(FakeService.png());

        assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.queued("fal", 4));
        assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.running());
        PollOutcome done = provider.poll(job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class,
                c -> assertThat(c.images()).extracting(i -> i.seed()).containsExactly(77L, 78L));
        assertThat(fal.take().getTarget()).isEqualTo("/fal-ai/flux-pro/requests/r1/status");
    }

    @Test
    void theContentFilterIsModerationByItsTypeNotItsMessage() {
        fal.json(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"anything\",\"type\":\"content_policy_violation\"}]}");
        fal.json(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"content policy violation\",\"type\":\"value_error\"}]}");
        var edit = FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1));

        assertThat(provider.submit(edit)).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(r.kind()).isEqualTo(FailureKind.MODERATED));
        assertThat(provider.submit(edit)).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(r.kind()).isEqualTo(FailureKind.BAD_REQUEST));
    }

    @Test
    void flaggedImagesAreDroppedAndAllFlaggedIsModeration() {
        String job = submitted();
        fal.json(200, "{\"status\":\"COMPLETED\"}");
        fal.json(200, "{\"images\":[{\"url\":\"" + fal.url("/1.png") + "\"}],\"has_nsfw_concepts\":[true]}");

        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.MODERATED));
    }

    @Test
    void aFlaggedImageAmongOthersIsLeftOutAndTheTurnSaysSo() {
        String job = submitted();
        fal.json(200, "{\"status\":\"COMPLETED\"}");
        fal.json(200, "{\"images\":[{\"url\":\"" + fal.url("/1.png") + "\"},{\"url\":\"" + fal.url("/2.png") + "\"}],"
                + "\"has_nsfw_concepts\":[true,false]}");
        fal.image(FakeService.png());

        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Completed.class, completed -> {
            assertThat(completed.images()).hasSize(1);
            assertThat(shortfall(completed)).contains("1 of 2 variants; 1 was flagged by fal.ai's safety filter.");
        });
    }

    @Test
    void aFlaggedImageDoesNotHideOneThatNeverCameTheShortfallCountsWhatWasAsked() {
        fal.json(200, "{\"request_id\":\"r1\",\"status_url\":\"" + fal.url("/fal-ai/flux-pro/requests/r1/status")
                + "\",\"response_url\":\"" + fal.url("/fal-ai/flux-pro/requests/r1") + "\"}");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 3, null, 77)))).job();
        fal.json(200, "{\"status\":\"COMPLETED\"}");
        fal.json(200, "{\"images\":[{\"url\":\"" + fal.url("/1.png") + "\"},{\"url\":\"" + fal.url("/2.png") + "\"}],"
                + "\"has_nsfw_concepts\":[true,false]}");
        fal.image(FakeService.png());

        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Completed.class, completed -> {
            assertThat(completed.images()).hasSize(1);
            assertThat(shortfall(completed)).contains("1 of 3 variants; 1 was flagged by fal.ai's safety filter; 1 was not returned by fal.ai.");
        });
    }

    @Test
    void aJobTokenWrittenBeforeItKeptTheNumberAskedCountsWhatCameBack() {
        String old = "{\"requestId\":\"r1\",\"statusUrl\":\"" + fal.url("/s") + "\",\"responseUrl\":\"" + fal.url("/r") + "\",\"seed\":77}";
        fal.json(200, "{\"status\":\"COMPLETED\"}");
        fal.json(200, "{\"images\":[{\"url\":\"" + fal.url("/1.png") + "\"},{\"url\":\"" + fal.url("/2.png") + "\"}],"
                + "\"has_nsfw_concepts\":[true,false]}");
        fal.image(FakeService.png());

        assertThat(provider.poll(old)).isInstanceOfSatisfying(PollOutcome.Completed.class,
                completed -> assertThat(shortfall(completed)).contains("1 of 2 variants; 1 was flagged by fal.ai's safety filter."));
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedAndAnExpiredResultIsSaidSo() {
        fal.jsonWithHeader(429, "{}", "Retry-After", "9");
        var edit = FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1));
        assertThat(worded(provider.submit(edit))).isEqualTo(new SubmitOutcome.RetryLater(Duration.ofSeconds(9), "fal.ai answered HTTP 429"));

        String job = submitted();
        fal.json(500, "{}");
        fal.json(200, "{\"status\":\"COMPLETED\"}");
        fal.json(200, "{\"images\":[{\"url\":\"" + fal.url("/gone.png") + "\"}]}");
        fal.json(404, "{}");
        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.RetryLater.class);
        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.EXPIRED));
    }

    @Test
    void cancelUsesTheReturnedCancelUrl() throws Exception {
        String job = submitted();
        fal.take();
        fal.json(202, "{\"status\":\"CANCELLATION_REQUESTED\"}");

        provider.cancel(job);

        RecordedRequest cancel = fal.take();
        assertThat(cancel.getMethod()).isEqualTo("PUT");
        assertThat(cancel.getTarget()).isEqualTo("/fal-ai/flux-pro/requests/r1/cancel");
    }

    @Test
    void failedEndsTheTurnFailedAndCanceledEndsItCancelledAtOnceWithTheirMessage() {
        String job = submitted();
        fal.json(200, "{\"status\":\"FAILED\",\"detail\":\"worker crashed\"}");
        fal.json(200, "{\"status\":\"CANCELED\"}");

        assertThat(said(provider.poll(job))).isEqualTo(new Said(FailureKind.PROVIDER_ERROR, "fal.ai could not run the edit: worker crashed"));
        assertThat(said(provider.poll(job))).isEqualTo(new Said(FailureKind.CANCELLED,
                "The request was cancelled at fal.ai. Use Reroll to run it again."));
    }

    @Test
    void aStatusFalNeverDocumentedIsReportedAsUnrecognisedNotAsPending() {
        String job = submitted();
        fal.json(200, "{\"status\":\"PAUSED\"}");

        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Unrecognised("PAUSED"));
    }

    @Test
    void safetyToleranceZeroAndWebpAreRefusedNamingWhatFalTakes() {
        var strictest = new dev.kontextbot.engine.model.TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5,
                dev.kontextbot.engine.model.OutputFormat.PNG, 0, false, 1);
        var webp = new dev.kontextbot.engine.model.TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5,
                dev.kontextbot.engine.model.OutputFormat.WEBP, 2, false, 1);

        assertThat(english(provider.refusal(strictest, 1))).contains("fal.ai takes safety_tolerance 1 (strictest) to 6; you asked for 0.");
        assertThat(english(provider.refusal(webp, 1))).contains("fal.ai cannot make webp images; use output_format jpeg or png.");
        assertThat(english(provider.refusal(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1), 1))).isEmpty();
    }
}
