package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.provider.comfyui.ComfyUiConfig;
import dev.kontextbot.provider.comfyui.ComfyUiProvider;
import dev.kontextbot.provider.comfyui.FakeComfyUi;
import dev.kontextbot.provider.comfyui.Workflows;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The real engine on H2 driving the ComfyUI client against {@link FakeComfyUi}: progress, cancel and a restart mid-turn. */
class ComfyUiRoundTripTest {
    private static final ModelId DEV = new ModelId("kontext-dev");
    @TempDir
    Path dir;
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

    private ComfyUiProvider provider() {
        ProviderRoutes routes = TestCatalogue.routes("comfyui");
        ComfyUiProvider provider = new ComfyUiProvider(new ComfyUiConfig(comfy.base(), routes, Workflows.load(routes, comfy.mapper), 20, 10_000_000), comfy.http());
        providers.add(provider);
        return provider;
    }

    private static StartCommand edit(String thread) {
        ParamOverrides params = new ParamOverrides(DEV, null, 1, 2.5, null, null, null, null);
        return new StartCommand(EngineHarness.thread(thread), "ana", FakeService.png(), "make the jacket red", params, null);
    }

    @Test
    void percentProgressOfTheStepsReachesTheListenersAndTheTurnEndsDone() throws Exception {
        comfy.autoRun(20);
        List<JobProgress> seen = new CopyOnWriteArrayList<>();
        try (EngineHarness harness = new EngineHarness(dir, provider())) {
            harness.engine.addListener(new TurnListener() {
                @Override
                public void onProgress(Turn turn, JobProgress progress, Duration elapsed) {
                    seen.add(progress);
                }
            });
            var started = harness.engine.start(edit("progress"));

            Turn done = harness.awaitEnd(started.turn().id());

            assertThat(done.status()).isEqualTo(TurnStatus.DONE);
            List<Integer> percents = seen.stream().filter(p -> p instanceof JobProgress.Generating g && g.steps().isPresent())
                    .map(p -> ((JobProgress.Generating) p).percent().getAsInt()).toList();
            assertThat(percents).isNotEmpty().isSorted();
            assertThat(percents.get(percents.size() - 1)).isGreaterThanOrEqualTo(50);
            assertThat(harness.engine.snapshot(started.session().id()).turns().get(0).variants()).hasSize(1);
        }
    }

    @Test
    void cancellingARunningTurnStopsItAtComfyUi() throws Exception {
        try (EngineHarness harness = new EngineHarness(dir, provider())) {
            var started = harness.engine.start(edit("cancel"));
            harness.awaitJob(started.turn().id());
            comfy.run(comfy.only().id);

            harness.engine.cancel(started.session().id(), started.turn().id(), "ana");

            assertThat(harness.awaitEnd(started.turn().id()).status()).isEqualTo(TurnStatus.CANCELLED);
            Await.until(() -> comfy.requests.contains("POST /interrupt"), "the interrupt at ComfyUI");
            Await.until(() -> comfy.only().state == FakeComfyUi.State.DONE, "ComfyUI to stop the prompt");
        }
    }

    @Test
    void aRestartMidTurnFinishesTheSamePromptAndQueuesNothingAgain() throws Exception {
        long turnId;
        try (EngineHarness first = new EngineHarness(dir, provider())) {
            var started = first.engine.start(edit("restart"));
            turnId = first.awaitJob(started.turn().id()).id();
            comfy.run(comfy.only().id);
        }
        providers.get(0).close();

        try (EngineHarness second = new EngineHarness(dir, provider())) {
            second.engine.resume();
            comfy.finish(comfy.only().id);

            assertThat(second.awaitEnd(turnId).status()).isEqualTo(TurnStatus.DONE);
            assertThat(comfy.promptPosts.get()).isEqualTo(1);
        }
    }
}
