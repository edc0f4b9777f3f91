package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.ProviderFailuresSaid.Said;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.ProviderHttp;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.said;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static dev.kontextbot.testing.ProviderFailuresSaid.worded;
import static org.assertj.core.api.Assertions.assertThat;

/** The Runflow client against {@link FakeRunflow}, which serves what docs.runflow.io describes. */
class RunflowProviderTest {
    FakeRunflow runflow;
    RunflowProvider provider;

    @BeforeEach
    void start() throws Exception {
        runflow = new FakeRunflow(API_KEY);
        provider = provider(new RunflowConfig(runflow.base(), API_KEY, TestCatalogue.routes("runflow"), 10_000_000));
    }

    @AfterEach
    void stop() {
        runflow.close();
    }

    private static ProviderHttp http(long maxEchoingBytes) {
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5)).build();
        return new ProviderHttp(client, new ObjectMapper(), maxEchoingBytes);
    }

    private RunflowProvider provider(RunflowConfig config) {
        return new RunflowProvider(config, http(64L * 1024 * 1024));
    }

    private static RunflowConfig config(FakeRunflow fake, boolean maxEnabled, boolean cancelRoute, long inlineMaxBytes) {
        return new RunflowConfig(fake.base(), API_KEY, TestCatalogue.routes("runflow"), 10_000_000, maxEnabled, cancelRoute, 5, inlineMaxBytes);
    }

    private static EditRequest edit(int n, AspectRatio ratio) {
        return FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, n, ratio, 500));
    }

    private String submitted(RunflowProvider client, EditRequest request) {
        SubmitOutcome outcome = client.submit(request);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) outcome).job();
    }

    /** Polls through the fake's stages to the end. */
    private PollOutcome finish(RunflowProvider client, String job) {
        PollOutcome outcome = client.poll(job);
        for (int i = 0; i < 20 && outcome instanceof PollOutcome.Pending; i++) {
            outcome = client.poll(job);
        }
        return outcome;
    }

    @Test
    void sendsTheKontextInputAsTheModelPageTypesIt() {
        submitted(provider, edit(3, AspectRatio.PORTRAIT_16_9));

        JsonNode input = runflow.acceptedInputs.get(0);
        assertThat(runflow.requests).containsExactly("POST /v1/models/black-forest-labs/flux-pro/kontext/runs");
        assertThat(input.get("prompt").asText()).isEqualTo("make the jacket red");
        assertThat(input.get("image_url").asText()).startsWith("data:image/png;base64,");
        assertThat(input.get("safety_tolerance").isTextual()).isTrue();
        assertThat(input.get("safety_tolerance").asText()).isEqualTo("2");
        assertThat(input.get("aspect_ratio").asText()).isEqualTo("9:16");
        assertThat(input.get("num_images").asInt()).isEqualTo(3);
        assertThat(input.get("guidance_scale").asDouble()).isEqualTo(3.5);
        assertThat(input.get("output_format").asText()).isEqualTo("png");
        assertThat(input.get("seed").asLong()).isEqualTo(500);
        assertThat(provider.pricePerImageMicros(ModelId.KONTEXT_PRO)).isEqualTo(40_000);
    }

    @Test
    void theFakeRefusesAnIntegerSafetyToleranceWithFieldErrors() {
        HttpAnswer answer = http(1 << 20).post(runflow.base() + "/v1/models/" + FakeRunflow.PRO + "/runs", Map.of("Authorization", "Bearer " + API_KEY),
                Map.of("input", Map.of("prompt", "p", "image_url", "https://example.com/a.png", "safety_tolerance", 2)));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo("input.safety_tolerance");
        assertThat(runflow.acceptedInputs).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FakeRunflow.Shape.class)
    void everyDocumentedOutputShapeGivesItsImages(FakeRunflow.Shape shape) {
        runflow.shape = shape;
        String job = submitted(provider, edit(2, null));

        PollOutcome done = finish(provider, job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
            assertThat(c.images()).hasSize(2);
            assertThat(c.images().get(0).bytes()).isEqualTo(FakeService.png());
            assertThat(shortfall(c)).isEmpty();
            assertThat(c.images().get(1).seed()).isEqualTo(78);
        });
        assertThat(runflow.requests).contains("GET /files/out-0.png", "GET /files/out-1.png");
    }

    @Test
    void aLongQueuedOrDispatchingRunShowsAsQueuedAtRunflowUntilItRuns() {
        runflow.stages = List.of("queued", "queued", "queued", "queued", "dispatching", "dispatching", "running");
        String job = submitted(provider, edit(1, null));

        for (int i = 0; i < 6; i++) {
            assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.queued("Runflow", -1));
        }
        assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.running());
        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.Completed.class);
    }

    @Test
    void partialSucceededKeepsWhatArrivedAndSaysHowManyAreMissing() {
        runflow.end = "partial_succeeded";
        runflow.delivered = 2;
        String job = submitted(provider, edit(3, null));

        PollOutcome done = finish(provider, job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
            assertThat(c.images()).hasSize(2);
            assertThat(shortfall(c)).contains("2 of 3 variants; 1 was not made: Runflow finished this run only in part (partial_succeeded).");
        });
    }

    @Test
    void aRunThatSucceededWithFewerImagesThanAskedSaysSoToo() {
        runflow.delivered = 1;
        String job = submitted(provider, edit(2, null));

        assertThat(finish(provider, job)).isInstanceOfSatisfying(PollOutcome.Completed.class,
                c -> assertThat(shortfall(c)).get().asString().isEqualTo("1 of 2 variants; 1 was not returned by Runflow."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"canceled", "cancelled"})
    void aRunCancelledAtRunflowEndsCancelledNotFailed(String literal) {
        runflow.end = literal;
        String job = submitted(provider, edit(1, null));

        assertThat(said(finish(provider, job))).isEqualTo(new Said(FailureKind.CANCELLED, "The run was cancelled at Runflow."));
    }

    @Test
    void aFailedRunShowsItsFailureCodeStageAndMessage() {
        runflow.end = "failed";
        String job = submitted(provider, edit(1, null));

        assertThat(said(finish(provider, job))).isEqualTo(new Said(FailureKind.PROVIDER_ERROR,
                "Runflow could not run the edit (PROVIDER_ERROR, at execution): The model crashed."));
    }

    @Test
    void theReferencesStageFieldAndAModerationOrDowntimeCodeAreRead() {
        runflow.end = "failed";
        runflow.failure = Map.of("failure_code", "CONTENT_POLICY_VIOLATION", "failure_stage_code", "execution", "failure_message", "flagged");
        String flagged = submitted(provider, edit(1, null));
        assertThat(said(finish(provider, flagged))).isEqualTo(new Said(FailureKind.MODERATED, "Runflow's safety filter flagged this edit: flagged"));

        runflow.failure = Map.of("failure_code", "MODEL_UNAVAILABLE", "failure_stage_code", "dispatch");
        String down = submitted(provider, edit(1, null));
        assertThat(finish(provider, down)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.UNAVAILABLE));
    }

    @Test
    void insufficientCreditIsNoCredits() {
        runflow.failNextCreate(402, "INSUFFICIENT_CREDIT", "Account balance is too low. Top up.");

        assertThat(said(provider.submit(edit(1, null)))).isEqualTo(new Said(FailureKind.NO_CREDITS,
                "The Runflow account behind this bot is out of credits. Ask the bot's admin to top it up."));
    }

    @Test
    void rateLimitedWithoutRetryAfterAndModelUnavailableAreLeftToTheEnginesBackoff() {
        runflow.failNextCreate(429, "RATE_LIMITED", "Too many requests.");
        runflow.failNextCreate(503, "MODEL_UNAVAILABLE", "Provider downtime.");

        assertThat(worded(provider.submit(edit(1, null)))).isEqualTo(new SubmitOutcome.RetryLater(null, "Runflow answered HTTP 429 RATE_LIMITED"));
        assertThat(worded(provider.submit(edit(1, null)))).isEqualTo(new SubmitOutcome.RetryLater(null, "Runflow answered HTTP 503 MODEL_UNAVAILABLE"));
        assertThat(provider.maxAttempts()).isEqualTo(5);
    }

    @Test
    void aValidationErrorShowsItsFieldErrorsToThePerson() {
        runflow.failNextCreate(422, "{\"code\":\"VALIDATION_ERROR\",\"message\":\"Request validation failed.\",\"errors\":["
                + "{\"field\":\"input.guidance_scale\",\"message\":\"must be at most 10 for this model\"},"
                + "{\"loc\":[\"body\",\"input\",\"seed\"],\"msg\":\"too large\"}]}");

        assertThat(said(provider.submit(edit(1, null)))).isEqualTo(new Said(FailureKind.BAD_REQUEST,
                "Runflow refused the request: Request validation failed. (input.guidance_scale: must be at most 10 for this model; seed: too large)"));
    }

    @Test
    void anAspectRatioRefusedInOneFormIsSentInTheOtherAndThatFormIsKept() {
        runflow.acceptedRatios = FakeRunflow.NAMED;

        submitted(provider, edit(1, AspectRatio.LANDSCAPE_16_9));
        submitted(provider, edit(1, AspectRatio.SQUARE_HD));

        assertThat(runflow.createAttempts.get()).isEqualTo(3);
        assertThat(runflow.acceptedInputs).extracting(i -> i.get("aspect_ratio").asText()).containsExactly("landscape_16_9", "square_hd");
    }

    @Test
    void anAspectRatioRefusedInBothFormsNamesTheValuesSent() {
        runflow.acceptedRatios = Set.of("1:1");

        SubmitOutcome outcome = provider.submit(edit(1, AspectRatio.LANDSCAPE_4_3));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> {
            assertThat(r.kind()).isEqualTo(FailureKind.BAD_REQUEST);
            assertThat(english(r)).startsWith("Runflow refused aspect_ratio \"4:3\" and \"landscape_4_3\"").contains("input.aspect_ratio");
        });
        assertThat(runflow.runIds()).isEmpty();
    }

    @Test
    void aLargeInputGoesThroughTheDocumentedAssetUpload() {
        byte[] large = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(large);
        EditRequest request = new EditRequest("make it red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5),
                java.util.List.of(new SourceImage(large, "image/png", 2000, 1500)));

        String job = submitted(provider, request);

        assertThat(runflow.requests).containsSubsequence("POST /v1/asset-uploads", "PUT /storage/" + assetId(), "POST /v1/asset-uploads/" + assetId()
                + "/confirmations", "POST /v1/models/black-forest-labs/flux-pro/kontext/runs");
        assertThat(runflow.storedAsset(assetId())).isEqualTo(large);
        assertThat(runflow.acceptedInputs.get(0).get("image_url").asText()).isEqualTo(runflow.base() + "/assets/" + assetId() + "/file");
        assertThat(finish(provider, job)).isInstanceOf(PollOutcome.Completed.class);
    }

    private String assetId() {
        return runflow.requests.stream().filter(r -> r.startsWith("PUT /storage/")).findFirst().orElseThrow().substring("PUT /storage/".length());
    }

    @Test
    void anEchoedLargeInlineInputDoesNotCutOffTheRunIdOrItsPolls() {
        RunflowProvider inline = provider(config(runflow, false, false, 8L * 1024 * 1024));
        byte[] large = new byte[3 * 1024 * 1024];
        new Random(8).nextBytes(large);
        EditRequest request = new EditRequest("make it red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5),
                java.util.List.of(new SourceImage(large, "image/png", 2000, 1500)));

        String job = submitted(inline, request);

        assertThat(runflow.acceptedInputs.get(0).get("image_url").asText().length()).isGreaterThan(4 * 1024 * 1024);
        assertThat(job).contains(runflow.runIds().get(0));
        assertThat(finish(inline, job)).isInstanceOf(PollOutcome.Completed.class);
    }

    @Test
    void aPollAnswerTooLargeToReadEndsTheTurnInsteadOfLookingRunning() {
        RunflowProvider small = new RunflowProvider(new RunflowConfig(runflow.base(), API_KEY, TestCatalogue.routes("runflow"), 10_000_000), http(256 * 1024));
        String job = submitted(small, edit(1, null));
        runflow.outputPadding = 512 * 1024;

        assertThat(small.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
            assertThat(english(f)).contains("too large to read");
        });
    }

    @Test
    void maxIsOffByDefaultAndA404OnItsPathSaysThePathIsUndocumented() {
        TurnParams max = FakeService.params(ModelId.KONTEXT_MAX, 1, null, 1);
        // Names the model as people type it (model: kontext-pro), where it used to say "[max]" and "[pro]".
        assertThat(english(provider.refusal(max, 1)))
                .contains("kontext-max is not offered through Runflow here (Runflow documents no such model): use kontext-pro.");

        RunflowProvider withMax = provider(config(runflow, true, false, RunflowConfig.DOCUMENTED_INLINE_BYTES));
        assertThat(english(withMax.refusal(max, 1))).isEmpty();
        SubmitOutcome outcome = withMax.submit(FakeService.edit(max));

        assertThat(runflow.requests).containsExactly("POST /v1/models/black-forest-labs/flux-pro/kontext/max/runs");
        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(english(r))
                .contains("HTTP 404").contains("not documented").contains("max-enabled"));
    }

    @Test
    void cancellingCallsNoUndocumentedRouteAndSaysTheRunIsStillBilled() {
        String job = submitted(provider, edit(1, null));

        provider.cancel(job);

        assertThat(runflow.requests).noneMatch(r -> r.contains("cancel"));
        assertThat(provider.cancelLimit()).get().asString().contains("still billed");
    }

    @Test
    void theCancelRouteIsCalledOnlyWhenTurnedOnAndIts404IsNoError() {
        RunflowProvider withRoute = provider(config(runflow, false, true, RunflowConfig.DOCUMENTED_INLINE_BYTES));
        String job = submitted(withRoute, edit(1, null));

        withRoute.cancel(job);

        assertThat(runflow.requests).contains("POST /v1/runs/" + runflow.runIds().get(0) + "/cancel");
        assertThat(withRoute.cancelLimit()).isEmpty();
    }

    @Test
    void aJobTokenIsEnoughToFinishAfterARestart() {
        String job = submitted(provider, edit(2, null));

        PollOutcome done = finish(provider(new RunflowConfig(runflow.base(), API_KEY, TestCatalogue.routes("runflow"), 10_000_000)), job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> assertThat(c.images()).hasSize(2));
        assertThat(runflow.requests).contains("GET /v1/runs/" + runflow.runIds().get(0));
    }

    @Test
    void anUnknownRunAndAnExpiredOutputAreSaidSo() throws Exception {
        assertThat(provider.poll("{\"id\":\"nope\",\"seed\":1,\"images\":1}")).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(english(f)).contains("HTTP 404"));
        try (FakeService expired = new FakeService()) {
            RunflowProvider client = new RunflowProvider(new RunflowConfig(expired.base(), API_KEY, TestCatalogue.routes("runflow"), 10_000_000), expired.http());
            expired.json(201, "{\"id\":\"run_1\",\"status_code\":\"queued\"}");
            expired.json(200, "{\"id\":\"run_1\",\"status_code\":\"succeeded\",\"output\":{\"outputs\":[{\"url\":\"" + expired.url("/out/old.png") + "\",\"type\":\"image\"}]}}");
            expired.json(410, "{}");
            String job = submitted(client, edit(1, null));
            assertThat(client.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.EXPIRED));
        }
    }

    @Test
    void anAnswerWithoutARunStatusIsAskedAgainRatherThanTakenForRunning() throws Exception {
        try (FakeService proxy = new FakeService()) {
            RunflowProvider client = new RunflowProvider(new RunflowConfig(proxy.base(), API_KEY, TestCatalogue.routes("runflow"), 10_000_000), proxy.http());
            proxy.server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).body("<html>gateway</html>").build());

            assertThat(worded(client.poll("{\"id\":\"run_1\",\"seed\":1,\"images\":1}")))
                    .isEqualTo(new PollOutcome.RetryLater(null, "Runflow answered without a run status"));
        }
    }

    @Test
    void textAloneIsRefusedWithAnAlternative() {
        TurnParams params = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.JPEG, 2, false, 1);
        assertThat(english(provider.refusal(params, 0))).get().asString().contains("attach one");
        assertThat(english(provider.refusal(params, 1))).isEmpty();
    }

    @Test
    void aModelRunflowDoesNotServeIsSaidBeforeTheMissingImageAsAtBfl() {
        TurnParams flux = new TurnParams(new ModelId("flux-2-pro"), null, 1, 3.5, OutputFormat.JPEG, 2, false, 1);

        assertThat(english(provider.refusal(flux, 0))).hasValueSatisfying(text -> assertThat(text).startsWith("Runflow does not serve flux-2-pro here"));
    }

    @Test
    void aStatusRunflowNeverDocumentedIsReportedAsUnrecognisedNotAsRunning() {
        runflow.stages = List.of("hibernating");
        String job = submitted(provider, edit(1, null));

        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Unrecognised("hibernating"));
    }

    @Test
    void safetyToleranceZeroAndWebpAreRefusedNamingWhatRunflowTakes() {
        TurnParams strictest = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.JPEG, 0, false, 1);
        TurnParams webp = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.WEBP, 2, false, 1);

        assertThat(english(provider.refusal(strictest, 1))).contains("Runflow takes safety_tolerance 1 (strictest) to 6; you asked for 0.");
        assertThat(english(provider.refusal(webp, 1))).contains("Runflow cannot make webp images; use output_format jpeg or png.");
    }
}
