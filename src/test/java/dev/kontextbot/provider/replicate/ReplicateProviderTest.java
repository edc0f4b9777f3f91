package dev.kontextbot.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.http.FakeReplicate;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.ProviderFailuresSaid;
import dev.kontextbot.testing.ProviderFailuresSaid.Said;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.said;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static dev.kontextbot.testing.ProviderFailuresSaid.worded;
import static org.assertj.core.api.Assertions.assertThat;

class ReplicateProviderTest {
    private static final ModelId FLUX_2_PRO = new ModelId("flux-2-pro");

    FakeService server;
    FakeReplicate replicate;
    ReplicateProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new FakeService();
        replicate = new FakeReplicate(API_KEY);
        replicate.base = server.base();
        provider = newProvider();
    }

    private ReplicateProvider newProvider() {
        return new ReplicateProvider(new ReplicateConfig(server.base(), API_KEY, TestCatalogue.routes("replicate"), 10_000_000,
                Duration.ofSeconds(1)), server.http());
    }

    /** Scripted answers instead of the fake's own (bad answers). */
    private void scripted() {
        server.server.setDispatcher(new mockwebserver3.QueueDispatcher());
    }

    private void faked() {
        server.server.setDispatcher(replicate);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String submitted(EditRequest request) {
        SubmitOutcome outcome = provider.submit(request);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) outcome).job();
    }

    @Test
    void aKontextPredictionIsCreatedOnTheModelsEndpointWithBearerAuthAShortWaitAndTheDocumentedInput() throws Exception {
        faked();
        submitted(FakeService.edit(new TurnParams(ModelId.KONTEXT_MAX, null, 1, 3.5, OutputFormat.JPEG, 2, true, 5)));

        RecordedRequest create = server.take();
        assertThat(create.getTarget()).isEqualTo("/v1/models/black-forest-labs/flux-kontext-max/predictions");
        assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(create.getHeaders().get("Prefer")).isEqualTo("wait=1");
        JsonNode input = server.body(create).get("input");
        assertThat(input.get("prompt").asText()).isEqualTo("make the jacket red");
        String image = input.get("input_image").asText();
        assertThat(image).startsWith("data:image/png;base64,");
        assertThat(Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1))).isEqualTo(FakeService.png());
        assertThat(input.get("aspect_ratio").asText()).isEqualTo("match_input_image");
        assertThat(input.get("output_format").asText()).isEqualTo("jpg");
        assertThat(input.get("safety_tolerance").asInt()).isEqualTo(2);
        assertThat(input.get("prompt_upsampling").asBoolean()).isTrue();
        assertThat(input.get("seed").asLong()).isEqualTo(5);
        assertThat(input.has("input_images")).isFalse();
        assertThat(input.has("resolution")).isFalse();
    }

    @Test
    void startingIsQueuedProcessingShowsTheLastProgressBarAndAFreshInstanceFetchesTheResult() {
        faked();
        String job = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, AspectRatio.PORTRAIT_4_3, 5)));

        assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.queued("Replicate", -1));
        ReplicateProvider restarted = newProvider();
        assertThat(restarted.poll(job)).isEqualTo(new PollOutcome.Pending(JobProgress.Generating.atStep(9, 20)));
        PollOutcome done = restarted.poll(job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
            assertThat(c.images()).hasSize(1);
            assertThat(c.images().get(0).bytes()).isEqualTo(FakeReplicate.output(0));
            assertThat(c.images().get(0).seed()).isEqualTo(5);
            assertThat(shortfall(c)).isEmpty();
        });
        assertThat(replicate.creates.get()).isEqualTo(1);
        assertThat(replicate.inputs.get(0).get("aspect_ratio").asText()).isEqualTo("3:4");
        assertThat(replicate.fetchesByPrediction()).containsEntry(0, 1);
    }

    @Test
    void aPredictionThatPreferWaitSawFinishIsDownloadedWithoutAskingAgain() {
        faked();
        replicate.doneAtOnce = true;
        String job = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 7)));

        PollOutcome done = provider.poll(job);

        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class,
                c -> assertThat(c.images()).extracting(GeneratedImage::seed).containsExactly(7L));
        // The create and the file: no look at urls.get.
        assertThat(server.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aFlaggedPredictionIsModeratedAndAnyOtherFailureCarriesReplicatesError() {
        faked();
        replicate.startingLooks = 0;
        replicate.processingLooks = 0;
        replicate.failing.put(0, "Prediction failed: The input or output was flagged as sensitive. Please try again with different inputs. (E005)");
        replicate.failing.put(1, "CUDA out of memory");
        String flagged = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1)));
        String broken = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1)));

        assertThat(provider.poll(flagged)).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.MODERATED));
        assertThat(said(provider.poll(broken))).isEqualTo(new Said(FailureKind.PROVIDER_ERROR,
                "Replicate could not run the edit: CUDA out of memory"));
    }

    @Test
    void cancelAsksReplicateToStopAndTheNextLookEndsTheTurnCancelled() {
        faked();
        String job = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 2, null, 1)));
        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.Pending.class);

        provider.cancel(job);

        assertThat(replicate.cancels).containsExactly("p0", "p1");
        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.CANCELLED));
    }

    @Test
    void threeVariantsAreThreePredictionsWithConsecutiveSeedsAndOneFailingIsNamedInTheShortfall() {
        faked();
        replicate.startingLooks = 0;
        replicate.processingLooks = 0;
        replicate.failing.put(1, "Prediction interrupted; please retry (code: PA)");
        String job = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 3, null, 10)));

        List<GeneratedImage> images = new ArrayList<>();
        PollOutcome outcome = provider.poll(job);
        while (outcome instanceof PollOutcome.Progress progress) {
            images.addAll(progress.images());
            outcome = provider.poll(progress.job());
        }

        assertThat(replicate.inputs).extracting(input -> input.get("seed").asLong()).containsExactly(10L, 11L, 12L);
        // Only the last create is held open: the others start at once and run while it waits.
        assertThat(replicate.prefers).containsExactly("null", "null", "wait=1");
        assertThat(outcome).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
            images.addAll(c.images());
            assertThat(shortfall(c)).contains("2 of 3 variants; 1 was lost: Replicate could not run the edit: Prediction interrupted; please retry (code: PA).");
        });
        assertThat(images).extracting(GeneratedImage::seed).containsExactly(10L, 12L);
        assertThat(replicate.fetchesByPrediction()).isEqualTo(java.util.Map.of(0, 1, 2, 1));
    }

    @Test
    void oneVariantDoneWhileAnotherRunsIsHandedOverAtOnceAndNeverFetchedAgain() {
        faked();
        replicate.startingLooks = 0;
        replicate.processingLooks = 0;
        replicate.held.add(1);
        String job = submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 2, null, 3)));

        PollOutcome first = provider.poll(job);

        assertThat(first).isInstanceOfSatisfying(PollOutcome.Progress.class, progress -> {
            assertThat(progress.images()).extracting(GeneratedImage::seed).containsExactly(3L);
            replicate.held.clear();
            assertThat(newProvider().poll(progress.job())).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
                assertThat(c.images()).extracting(GeneratedImage::seed).containsExactly(4L);
                assertThat(shortfall(c)).isEmpty();
            });
        });
        assertThat(replicate.fetchesByPrediction()).isEqualTo(java.util.Map.of(0, 1, 1, 1));
        assertThat(replicate.creates.get()).isEqualTo(2);
    }

    @Test
    void aCreateRefusedForNowLeavesTheRestUnsentAndTheNextSubmitCreatesOnlyThose() throws Exception {
        scripted();
        server.json(201, "{\"id\":\"p0\",\"status\":\"starting\",\"urls\":{\"get\":\"" + server.url("/v1/predictions/p0")
                + "\",\"cancel\":\"" + server.url("/v1/predictions/p0/cancel") + "\"}}");
        server.jsonWithHeader(429, "{\"title\":\"Too Many Requests\",\"detail\":\"Request was throttled.\",\"status\":429}", "Retry-After", "7");
        EditRequest edit = FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 2, null, 20));

        SubmitOutcome first = provider.submit(edit);

        assertThat(first).isInstanceOfSatisfying(SubmitOutcome.Submitted.class, s ->
                assertThat(s.unsent().map(ProviderFailuresSaid::worded)).contains(new SubmitOutcome.RetryLater(Duration.ofSeconds(7), "Replicate answered HTTP 429")));
        server.take();
        server.take();
        server.json(201, "{\"id\":\"p1\",\"status\":\"starting\",\"urls\":{\"get\":\"" + server.url("/v1/predictions/p1") + "\"}}");
        String job = ((SubmitOutcome.Submitted) first).job();
        SubmitOutcome second = newProvider().submit(new EditRequest(edit.prompt(), edit.params(), edit.images(), Optional.of(job)));

        assertThat(second).isInstanceOf(SubmitOutcome.Submitted.class);
        assertThat(server.body(server.take()).get("input").get("seed").asLong()).isEqualTo(21);
        assertThat(server.server.getRequestCount()).isEqualTo(3);
        assertThat(((SubmitOutcome.Submitted) second).job()).contains("p0").contains("p1");
    }

    @Test
    void badAnswersBecomeClearOutcomesNeverExceptions() {
        scripted();
        var params = FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5);
        server.server.enqueue(new mockwebserver3.MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
        server.server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<!doctype html><title>Maintenance</title>").build());
        server.json(201, "{\"status\":\"starting\"}");
        server.json(401, "{\"title\":\"Unauthenticated\",\"detail\":\"Invalid token " + API_KEY + "\",\"status\":401}");
        server.json(402, "{\"title\":\"Payment Required\",\"detail\":\"You have insufficient credit\",\"status\":402}");
        server.json(422, "{\"title\":\"Input validation failed\",\"detail\":\"- input.aspect_ratio: aspect_ratio must be one of the following\",\"status\":422}");

        assertThat(provider.submit(FakeService.edit(params))).isInstanceOfSatisfying(SubmitOutcome.RetryLater.class,
                r -> assertThat(english(r.reason())).isEqualTo("Replicate answered HTTP 502"));
        assertThat(said(provider.submit(FakeService.edit(params)))).isEqualTo(new Said(FailureKind.PROVIDER_ERROR,
                "Replicate accepted the edit but did not say where to follow it."));
        assertThat(provider.submit(FakeService.edit(params))).isInstanceOf(SubmitOutcome.Rejected.class);
        assertThat(provider.submit(FakeService.edit(params))).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> {
            assertThat(english(r)).contains("Replicate refused the bot's API key (HTTP 401)").doesNotContain(API_KEY);
        });
        assertThat(provider.submit(FakeService.edit(params))).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                r -> assertThat(r.kind()).isEqualTo(FailureKind.NO_CREDITS));
        assertThat(provider.submit(FakeService.edit(params))).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> {
            assertThat(r.kind()).isEqualTo(FailureKind.BAD_REQUEST);
            assertThat(english(r)).contains("aspect_ratio must be one of the following");
        });
    }

    @Test
    void aStormOfServerErrorsWhilePollingIsRetriedWithRetryAfterAndAnAnswerWithoutStatusIsUnrecognised() {
        scripted();
        String job = "{\"predictions\":[{\"id\":\"p0\",\"getUrl\":\"" + server.url("/v1/predictions/p0") + "\",\"seed\":1,\"state\":\"RUNNING\"}]}";
        for (int i = 0; i < 5; i++) {
            server.jsonWithHeader(503, "<html>Service Unavailable</html>", "Retry-After", "4");
        }
        server.json(200, "{\"id\":\"p0\"}");
        server.json(200, "{\"id\":\"p0\",\"status\":\"succeeded\",\"output\":null}");

        for (int i = 0; i < 5; i++) {
            assertThat(worded(provider.poll(job))).isEqualTo(new PollOutcome.RetryLater(Duration.ofSeconds(4), "Replicate answered HTTP 503"));
        }
        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.Unrecognised.class);
        assertThat(said(provider.poll(job))).isEqualTo(new Said(FailureKind.PROVIDER_ERROR,
                "Replicate reported the prediction done but gave no image."));
    }

    @Test
    void flux2ProSendsEveryImageAsInputImagesWithAResolutionAndTakesAListOfUrisAsWebp() {
        faked();
        replicate.doneAtOnce = true;
        replicate.outputAsList = true;
        SourceImage one = new SourceImage(FakeService.png(), "image/png", 2, 2);
        TurnParams params = new TurnParams(FLUX_2_PRO, AspectRatio.LANDSCAPE_16_9, 1, 3.5, OutputFormat.WEBP, 5, false, 9);
        String job = submitted(new EditRequest("put the hat from image 2 on the cat", params, List.of(one, one)));

        PollOutcome done = provider.poll(job);

        JsonNode input = replicate.inputs.get(0);
        assertThat(replicate.createPaths).containsExactly("/v1/models/black-forest-labs/flux-2-pro/predictions");
        assertThat(input.get("input_images")).hasSize(2);
        assertThat(input.get("input_images").get(1).asText()).startsWith("data:image/png;base64,");
        assertThat(input.has("input_image")).isFalse();
        assertThat(input.get("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(input.get("resolution").asText()).isEqualTo("1 MP");
        assertThat(input.get("output_format").asText()).isEqualTo("webp");
        assertThat(input.get("safety_tolerance").asInt()).isEqualTo(5);
        assertThat(input.has("prompt_upsampling")).isFalse();
        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class,
                c -> assertThat(c.images()).extracting(GeneratedImage::mime).containsExactly("image/webp"));
    }

    @Test
    void whatReplicateCannotDoIsRefusedNamingWhatItTakes() {
        TurnParams permissive = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.PNG, 5, false, 1);
        TurnParams guided = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 7.0, OutputFormat.PNG, 2, false, 1);
        TurnParams webp = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.WEBP, 2, false, 1);
        TurnParams flux2 = new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.WEBP, 2, false, 1);
        TurnParams flux2Enhanced = new TurnParams(FLUX_2_PRO, null, 1, 3.5, OutputFormat.WEBP, 2, true, 1);

        assertThat(english(provider.refusal(permissive, 1))).contains("Replicate allows safety_tolerance up to 2 when editing an image; you asked for 5.");
        assertThat(english(provider.refusal(permissive, 0))).isEmpty();
        assertThat(english(provider.refusal(guided, 1))).get().asString().contains("no guidance_scale");
        assertThat(english(provider.refusal(webp, 1))).get().asString().contains("Replicate cannot make webp images");
        assertThat(english(provider.refusal(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1), 2))).get().asString().contains("one image per turn");
        assertThat(english(provider.refusal(flux2, 8))).isEmpty();
        assertThat(english(provider.refusal(flux2, 9))).get().asString().contains("up to 8 images");
        assertThat(english(provider.refusal(flux2Enhanced, 1))).get().asString().contains("no enhance_prompt");
        assertThat(english(provider.refusal(new TurnParams(new ModelId("flux-2-flex"), null, 1, 3.5, OutputFormat.PNG, 2, false, 1), 1)))
                .get().asString().contains("does not serve flux-2-flex");
    }

    /** {@code inlineMaxBytes} 0: every input without a URL goes through the files API. */
    private ReplicateProvider uploading() {
        return new ReplicateProvider(new ReplicateConfig(server.base(), API_KEY, TestCatalogue.routes("replicate"), 10_000_000,
                Duration.ofSeconds(1), 0), server.http());
    }

    private static EditRequest editOf(SourceImage image) {
        return new EditRequest("make the jacket red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5), List.of(image));
    }

    @Test
    void anInputOverTheInlineLimitGoesUpAsAMultipartFileAndThePredictionGetsItsUrlKeptUntilItsExpiry() {
        faked();
        replicate.fileLifetime = Duration.ofHours(3);
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        List<dev.kontextbot.engine.port.ImageUrl> remembered = kept.remembered;
        byte[] png = FakeService.png();
        EditRequest request = editOf(new SourceImage(() -> png, "image/png", 2, 2, List.of(), kept));

        java.time.Instant before = java.time.Instant.now();
        provider = uploading();
        submitted(request);

        assertThat(replicate.uploads).hasSize(1);
        assertThat(replicate.uploads.get(0).bytes()).isEqualTo(png);
        assertThat(replicate.uploads.get(0).type()).isEqualTo("image/png");
        String file = server.base() + "/v1/files/f0";
        assertThat(replicate.inputs.get(0).get("input_image").asText()).isEqualTo(file);
        assertThat(remembered).singleElement().satisfies(url -> {
            assertThat(url.uri().toString()).isEqualTo(file);
            assertThat(url.onlyFor()).contains("replicate");
            assertThat(url.validUntil().orElseThrow()).isBetween(before.plus(Duration.ofHours(3)).minusSeconds(5), before.plus(Duration.ofHours(3)).plusSeconds(60));
        });
        assertThat(request.sent().total()).isEqualTo(png.length);
    }

    @Test
    void whenTheFilesApiFailsTheInputGoesInlineAndTheTurnIsNotHeldUp() {
        faked();
        replicate.filesStatus = 500;
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        List<dev.kontextbot.engine.port.ImageUrl> remembered = kept.remembered;
        byte[] png = FakeService.png();
        EditRequest request = editOf(new SourceImage(() -> png, "image/png", 2, 2, List.of(), kept));

        provider = uploading();
        submitted(request);

        String inline = replicate.inputs.get(0).get("input_image").asText();
        assertThat(inline).startsWith("data:image/png;base64,");
        assertThat(remembered).isEmpty();
        assertThat(request.sent().total()).as("the upload tried and the inline copy").isEqualTo(png.length + inline.length());
    }

    @Test
    void anOwnOutputStillValidIsSentByUrlWithoutReadingTheBytes() {
        faked();
        replicate.doneAtOnce = true;
        PollOutcome first = provider.poll(submitted(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5))));
        GeneratedImage result = ((PollOutcome.Completed) first).images().get(0);
        assertThat(result.url()).isPresent();
        SourceImage head = new SourceImage(() -> {
            throw new AssertionError("the bytes were read");
        }, "image/png", 3, 2, List.of(result.url().get()));
        EditRequest refine = editOf(head);

        submitted(refine);

        assertThat(replicate.inputs.get(1).get("input_image").asText()).isEqualTo(result.url().get().uri().toString());
        assertThat(refine.sent().total()).isEqualTo(result.url().get().uri().toString().length());
        assertThat(replicate.uploads).isEmpty();
    }

    @Test
    void aFileReplicateNoLongerHoldsFailsThePredictionAtOnceAndTheEditIsSentAgainWithTheBytes() {
        faked();
        byte[] png = FakeService.png();
        dev.kontextbot.engine.port.ImageUrl gone = new dev.kontextbot.engine.port.ImageUrl(java.net.URI.create(server.base() + "/v1/files/f9"),
                Optional.of("replicate"), Optional.of(java.time.Instant.now().plus(Duration.ofHours(1))));
        EditRequest request = editOf(new SourceImage(() -> png, "image/png", 2, 2, List.of(gone)));

        String job = submitted(request);

        assertThat(replicate.creates.get()).isEqualTo(2);
        assertThat(replicate.inputs.get(0).get("input_image").asText()).isEqualTo(gone.uri().toString());
        String inline = replicate.inputs.get(1).get("input_image").asText();
        assertThat(inline).startsWith("data:image/png;base64,");
        assertThat(request.sent().total()).isEqualTo(gone.uri().toString().length() + inline.length());
        assertThat(replicate.uploads).isEmpty();
        assertThat(job).contains("\"id\":\"p1\"").doesNotContain("\"id\":\"p0\"");
    }
}
