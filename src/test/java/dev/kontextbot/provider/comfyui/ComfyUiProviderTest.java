package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.ProviderFailuresSaid.Said;
import dev.kontextbot.testing.TestCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.said;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static org.assertj.core.api.Assertions.assertThat;

class ComfyUiProviderTest {
    static final ModelId DEV = new ModelId("kontext-dev");
    FakeComfyUi comfy;
    final List<ComfyUiProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        comfy = new FakeComfyUi();
    }

    @AfterEach
    void stop() {
        providers.forEach(ComfyUiProvider::close);
        comfy.close();
    }

    ComfyUiProvider provider() {
        return provider(comfy.base());
    }

    ComfyUiProvider provider(String base) {
        ProviderRoutes routes = TestCatalogue.routes("comfyui");
        ComfyUiProvider provider = new ComfyUiProvider(new ComfyUiConfig(base, routes, Workflows.load(routes, comfy.mapper), 20, 10_000_000), comfy.http());
        providers.add(provider);
        return provider;
    }

    static TurnParams params(int n, AspectRatio ratio, OutputFormat format) {
        return new TurnParams(DEV, ratio, n, 2.5, format, 2, false, 77);
    }

    static EditRequest edit(TurnParams params, int images) {
        List<SourceImage> list = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            list.add(new SourceImage(FakeService.png(), "image/png", 1600, 900));
        }
        return new EditRequest("make the jacket red", params, list);
    }

    String submitted(ComfyUiProvider provider, TurnParams params) {
        SubmitOutcome outcome = provider.submit(edit(params, 1));
        assertThat(outcome).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) outcome).job();
    }

    static JsonNode node(JsonNode graph, String classType) {
        for (JsonNode node : graph) {
            if (node.path("class_type").asText().equals(classType)) {
                return node.path("inputs");
            }
        }
        throw new AssertionError("no " + classType + " in " + graph);
    }

    @Test
    void submitUploadsTheImageAndQueuesTheWorkflowWithEveryPlaceholderFilled() {
        ComfyUiProvider provider = provider();
        submitted(provider, params(2, AspectRatio.LANDSCAPE_16_9, OutputFormat.PNG));

        assertThat(comfy.uploadForms.get(0)).contains("name=\"overwrite\"", "true", "name=\"image\"; filename=\"kontext-");
        JsonNode body = comfy.posted.get(0);
        JsonNode graph = body.path("prompt");
        assertThat(node(graph, "LoadImage").path("image").asText()).isEqualTo(comfy.uploads.get(0));
        assertThat(node(graph, "CLIPTextEncode").path("text").asText()).isEqualTo("make the jacket red");
        assertThat(node(graph, "KSampler").path("seed").asLong()).isEqualTo(77);
        assertThat(node(graph, "KSampler").path("steps").asInt()).isEqualTo(20);
        assertThat(node(graph, "KSampler").path("steps").isInt()).isTrue();
        assertThat(node(graph, "FluxGuidance").path("guidance").asDouble()).isEqualTo(2.5);
        JsonNode latent = node(graph, "EmptySD3LatentImage");
        assertThat(latent.path("batch_size").asInt()).isEqualTo(2);
        assertThat(latent.path("width").asInt() * 9).isEqualTo(latent.path("height").asInt() * 16);
        assertThat(latent.path("width").asInt() * latent.path("height").asInt()).isBetween(800_000, 1_050_000);
        assertThat(graph.toString()).doesNotContain("{{");
        Await.until(() -> !comfy.socketClients.isEmpty(), "the progress socket");
        assertThat(body.path("client_id").asText()).isEqualTo(comfy.socketClients.get(0));
    }

    @Test
    void withoutAnAspectRatioTheOutputKeepsTheInputsRatioAtAboutAMegapixel() {
        submitted(provider(), params(1, null, OutputFormat.PNG));

        JsonNode latent = node(comfy.posted.get(0).path("prompt"), "EmptySD3LatentImage");
        assertThat(latent.path("width").asInt() % 16).isZero();
        assertThat(latent.path("width").asDouble() / latent.path("height").asDouble()).isCloseTo(16 / 9.0, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void severalImagesGoToTheMultiWorkflowWithTheUnusedReferencesBypassed() {
        ComfyUiProvider provider = provider();
        assertThat(provider.submit(edit(params(1, null, OutputFormat.PNG), 2))).isInstanceOf(SubmitOutcome.Submitted.class);

        JsonNode graph = comfy.posted.get(0).path("prompt");
        List<String> loaded = new ArrayList<>();
        graph.forEach(n -> {
            if (n.path("class_type").asText().equals("LoadImage")) {
                loaded.add(n.path("inputs").path("image").asText());
            }
        });
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(comfy.uploads).hasSize(2);
        assertThat(graph.has("30")).isFalse();
        assertThat(graph.has("43")).isFalse();
        // FluxGuidance took the conditioning of the last reference actually sent (image 2's ReferenceLatent).
        assertThat(node(graph, "FluxGuidance").path("conditioning").get(0).asText()).isEqualTo("23");
        assertThat(graph.toString()).doesNotContain("{{");
    }

    @Test
    void pollSaysTheQueuePlaceThenTheStepsThenFetchesTheImages() {
        ComfyUiProvider provider = provider();
        comfy.queueForeign();
        comfy.queueForeign();
        String job = submitted(provider, params(2, AspectRatio.SQUARE, OutputFormat.JPEG));
        String id = comfy.order.get(2);

        assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.queued("ComfyUI", 3));

        comfy.prompts.remove(comfy.order.get(0));
        comfy.prompts.remove(comfy.order.get(1));
        Await.until(() -> comfy.sockets.size() == 1, "the progress socket");
        comfy.run(id);
        comfy.step(id, 9, 20);
        AtomicReference<PollOutcome> seen = new AtomicReference<>();
        Await.until(() -> {
            seen.set(provider.poll(job));
            return seen.get() instanceof PollOutcome.Pending p && p.progress() instanceof JobProgress.Generating g && g.steps().isPresent();
        }, "45% from the socket");
        JobProgress.Generating generating = (JobProgress.Generating) ((PollOutcome.Pending) seen.get()).progress();
        assertThat(generating.percent()).isEqualTo(OptionalInt.of(45));
        assertThat(generating.steps()).contains(new JobProgress.Steps(9, 20));

        comfy.finish(id);
        PollOutcome done = provider.poll(job);

        assertThat(done).isInstanceOf(PollOutcome.Completed.class);
        PollOutcome.Completed completed = (PollOutcome.Completed) done;
        assertThat(completed.images()).hasSize(2);
        // SaveImage writes PNG: the JPEG asked for is made here, the PNG kept as the next turn's lossless context.
        assertThat(completed.images().get(0).mime()).isEqualTo("image/jpeg");
        assertThat(completed.images().get(0).contextMime()).isEqualTo("image/png");
        assertThat(completed.images().get(0).seed()).isEqualTo(77);
        assertThat(comfy.requests).anyMatch(r -> r.startsWith("GET /view?filename=kontext-bot_00001_.png&subfolder=&type=output"));
    }

    @Test
    void theEndIsReadFromHistoryEvenWhenTheSocketMissedIt() {
        ComfyUiProvider provider = provider();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        comfy.dropSockets();
        String id = comfy.only().id;
        comfy.run(id);
        comfy.finish(id);

        PollOutcome done = provider.poll(job);

        assertThat(done).isInstanceOf(PollOutcome.Completed.class);
        assertThat(((PollOutcome.Completed) done).images().get(0).mime()).isEqualTo("image/png");
    }

    @Test
    void theSocketReconnectsAfterItDropsAndProgressFlowsAgain() {
        ComfyUiProvider provider = provider();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        Await.until(() -> comfy.sockets.size() == 1, "the first socket");
        comfy.dropSockets();
        Await.until(() -> comfy.sockets.size() == 1 && provider.socketOpen(), "a second socket");
        String id = comfy.only().id;
        comfy.run(id);
        comfy.step(id, 15, 20);

        Await.until(() -> provider.poll(job) instanceof PollOutcome.Pending p && p.progress() instanceof JobProgress.Generating g
                && g.percent().equals(OptionalInt.of(75)), "75% over the new socket");
        assertThat(comfy.socketClients).hasSize(2).allMatch(c -> c.equals(comfy.socketClients.get(0)));
    }

    @Test
    void anExecutionErrorFailsNamingTheNodeAndTheException() {
        ComfyUiProvider provider = provider();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        comfy.run(comfy.only().id);
        comfy.fail(comfy.only().id, "CUDA out of memory. Tried to allocate 2.00 GiB\nmore lines");

        PollOutcome outcome = provider.poll(job);

        assertThat(said(outcome)).isEqualTo(new Said(FailureKind.PROVIDER_ERROR,
                "ComfyUI could not run the edit: KSampler (node 12) failed: CUDA out of memory. Tried to allocate 2.00 GiB"));
    }

    @Test
    void cancellingAQueuedPromptDeletesItFromTheQueue() {
        ComfyUiProvider provider = provider();
        comfy.queueForeign();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        String id = comfy.order.get(1);

        provider.cancel(job);

        assertThat(comfy.requests).contains("POST /queue").doesNotContain("POST /interrupt");
        assertThat(comfy.prompts).doesNotContainKey(id);
    }

    @Test
    void cancellingARunningPromptInterruptsOnlyIt() {
        ComfyUiProvider provider = provider();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        String id = comfy.only().id;
        comfy.run(id);

        provider.cancel(job);

        assertThat(comfy.requests).contains("POST /interrupt").doesNotContain("POST /queue");
        PollOutcome outcome = provider.poll(job);
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).kind()).isEqualTo(FailureKind.CANCELLED);
        assertThat(english((PollOutcome.Failed) outcome)).contains("stopped at ComfyUI");
    }

    @Test
    void aNewProviderAfterARestartFinishesThePromptWithoutQueueingItAgain() {
        String job = submitted(provider(), params(1, null, OutputFormat.PNG));
        providers.get(0).close();
        String id = comfy.only().id;
        comfy.run(id);

        ComfyUiProvider restarted = provider();
        assertThat(restarted.poll(job)).isInstanceOf(PollOutcome.Pending.class);
        comfy.finish(id);

        assertThat(restarted.poll(job)).isInstanceOf(PollOutcome.Completed.class);
        assertThat(comfy.promptPosts.get()).isEqualTo(1);
        assertThat(restarted.resubmitIsHarmless()).isFalse();
    }

    @Test
    void aPromptComfyUiForgotInARestartEndsSayingSo() {
        ComfyUiProvider provider = provider();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        comfy.restart();

        PollOutcome outcome = provider.poll(job);

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(english((PollOutcome.Failed) outcome)).contains("no longer knows this edit");
    }

    @Test
    void aRefusedGraphIsRejectedNamingTheNodeAndWhatIsWrong() {
        comfy.promptAnswer = FakeComfyUi.nodeErrors();

        SubmitOutcome outcome = provider().submit(edit(params(1, null, OutputFormat.PNG), 1));

        assertThat(outcome).isInstanceOf(SubmitOutcome.Rejected.class);
        SubmitOutcome.Rejected rejected = (SubmitOutcome.Rejected) outcome;
        assertThat(rejected.kind()).isEqualTo(FailureKind.BAD_REQUEST);
        assertThat(english(rejected)).isEqualTo("ComfyUI refused the workflow: node 1 (UNETLoader): Value not in list: "
                + "unet_name: 'flux1-dev-kontext_fp8_scaled.safetensors' not in []");
    }

    @Test
    void aComfyUiThatIsNotRunningMeansTryLaterSayingWhereTheBotLooked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;

        SubmitOutcome outcome = provider(base).submit(edit(params(1, null, OutputFormat.PNG), 1));

        assertThat(outcome).isInstanceOf(SubmitOutcome.RetryLater.class);
        assertThat(english(((SubmitOutcome.RetryLater) outcome).reason())).isEqualTo("ComfyUI is not reachable at " + base + " (connection refused)");
    }

    @Test
    void anHtmlErrorPageOrAStormOfThemIsNotNowAndQueuesNothing() {
        ComfyUiProvider provider = provider();
        comfy.storm(3);

        for (int i = 0; i < 3; i++) {
            assertThat(provider.submit(edit(params(1, null, OutputFormat.PNG), 1))).isInstanceOf(SubmitOutcome.RetryLater.class);
        }
        assertThat(comfy.promptPosts.get()).isZero();
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        comfy.storm(2);
        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.RetryLater.class);
        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.RetryLater.class);
        assertThat(provider.poll(job)).isEqualTo(PollOutcome.Pending.queued("ComfyUI", 1));
    }

    @Test
    void answersWithoutTheFieldsThatMatterAreNeitherSuccessNorSilence() {
        ComfyUiProvider provider = provider();
        comfy.promptAnswer = new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>ok</html>").build();
        SubmitOutcome noId = provider.submit(edit(params(1, null, OutputFormat.PNG), 1));
        assertThat(noId).isInstanceOf(SubmitOutcome.Rejected.class);
        assertThat(english((SubmitOutcome.Rejected) noId)).contains("did not say its prompt id");

        comfy.promptAnswer = null;
        String job = submitted(provider, params(1, null, OutputFormat.PNG));
        comfy.queueAnswer = FakeComfyUi.html(200);
        PollOutcome outcome = provider.poll(job);
        assertThat(outcome).isInstanceOf(PollOutcome.RetryLater.class);
        assertThat(english(((PollOutcome.RetryLater) outcome).reason())).contains("no queue_running");
    }

    @Test
    void refusesWhatTheWorkflowCannotDo() {
        ComfyUiProvider provider = provider();

        assertThat(english(provider.refusal(params(1, null, OutputFormat.WEBP), 1))).hasValueSatisfying(r -> assertThat(r).contains("webp"));
        assertThat(english(provider.refusal(params(1, null, OutputFormat.PNG), 0))).hasValueSatisfying(r -> assertThat(r).contains("attach one"));
        assertThat(english(provider.refusal(params(1, null, OutputFormat.PNG), 5))).hasValueSatisfying(r -> assertThat(r).contains("up to 4 images"));
        assertThat(english(provider.refusal(new TurnParams(DEV, null, 1, 2.5, OutputFormat.PNG, 2, true, 1), 1))).hasValueSatisfying(r -> assertThat(r).contains("enhance_prompt"));
        assertThat(english(provider.refusal(new TurnParams(ModelId.KONTEXT_PRO, null, 1, 2.5, OutputFormat.PNG, 2, false, 1), 1))).isPresent();
        assertThat(english(provider.refusal(params(4, AspectRatio.SQUARE, OutputFormat.JPEG), 4))).isEqualTo(Optional.empty());
        assertThat(provider.pricePerImageMicros(DEV)).isZero();
    }

    @Test
    void theSharedChecksComeFirstAsAtBfl() {
        // Too many images (shared) and enhance_prompt (ComfyUI's own) both apply: the shared one is said.
        assertThat(english(provider().refusal(new TurnParams(DEV, null, 1, 2.5, OutputFormat.PNG, 2, true, 1), 5)))
                .contains("ComfyUI takes up to 4 images per turn; this one has 5.");
    }
}
