package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine driving a real provider client against a loopback fake of fal.ai's queue API. */
class RemoteProviderRoundTripTest {
    @TempDir
    Path dir;

    private static StartCommand start(String thread) {
        return new StartCommand(EngineHarness.thread(thread), "ana", FakeService.png(), "make the jacket red", ParamOverrides.NONE, null);
    }

    @Test
    void serverErrorsAreRetriedThenTheResultIsFetchedStoredAndCharged() throws Exception {
        try (FakeService fal = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 2, 2);
            FalProvider provider = new FalProvider(new FalConfig(fal.base(), FakeService.API_KEY, TestCatalogue.routes("fal"), 1_000_000), fal.http());
            try (EngineHarness harness = new EngineHarness(dir, provider)) {
                var started = harness.engine.start(start("fal"));

                Turn done = harness.awaitEnd(started.turn().id());

                assertThat(done.status()).isEqualTo(TurnStatus.DONE);
                assertThat(done.attempts()).isEqualTo(3);
                assertThat(queue.submits.get()).isEqualTo(1);
                assertThat(done.costMicros()).isEqualTo(40_000);
                var variant = harness.engine.snapshot(started.session().id()).turns().get(0).variants().get(0);
                assertThat(harness.images.read(variant.image())).isEqualTo(FakeService.png());
                assertThat(variant.seed()).isEqualTo(9);
            }
        }
    }

    @Test
    void aJobThatNeverFinishesEndsAtTheDeadlineAndIsCancelledAtTheService() throws Exception {
        try (FakeService fal = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, Integer.MAX_VALUE);
            FalProvider provider = new FalProvider(new FalConfig(fal.base(), FakeService.API_KEY, TestCatalogue.routes("fal"), 1_000_000), fal.http());
            EngineSettings settings = new EngineSettings(2, Duration.ofMillis(20), Duration.ofMillis(400), 500,
                    EngineHarness.FAST.retry(), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
            try (EngineHarness harness = new EngineHarness(dir, provider, settings)) {
                var started = harness.engine.start(start("slow"));

                Turn ended = harness.awaitEnd(started.turn().id());

                assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
                assertThat(ended.errorCode()).isEqualTo("timeout");
                assertThat(ended.costMicros()).isZero();
                Await.until(() -> queue.paths.contains("PUT /q/r1/cancel"), "the cancel request");
            }
        }
    }
}
