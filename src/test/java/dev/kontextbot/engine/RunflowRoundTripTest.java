package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.runflow.FakeRunflow;
import dev.kontextbot.provider.runflow.RunflowConfig;
import dev.kontextbot.provider.runflow.RunflowProvider;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real engine on H2 driving the Runflow client against {@link FakeRunflow}, the loopback Runflow of its docs. */
class RunflowRoundTripTest {
    @TempDir
    Path dir;
    FakeRunflow runflow;
    RunflowProvider provider;

    @BeforeEach
    void start() throws Exception {
        runflow = new FakeRunflow(FakeService.API_KEY);
        ProviderHttp http = new ProviderHttp(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build(), new ObjectMapper());
        provider = new RunflowProvider(new RunflowConfig(runflow.base(), FakeService.API_KEY, TestCatalogue.routes("runflow"), 1_000_000), http);
    }

    @AfterEach
    void stop() {
        runflow.close();
    }

    private static StartCommand start(String thread, int variants) {
        ParamOverrides params = ParamOverrides.builder().model(ModelId.KONTEXT_PRO).numImages(variants).build();
        return new StartCommand(EngineHarness.thread(thread), "ana", FakeService.png(), "make the jacket red", params, null);
    }

    @Test
    void aKontextProEditWithTwoVariantsEndsDoneWithBothAndItsCostRecorded() throws Exception {
        runflow.stages = List.of("queued", "queued", "dispatching", "running");
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(start("pro", 2));

            Turn done = harness.awaitEnd(started.turn().id());

            assertThat(done.status()).isEqualTo(TurnStatus.DONE);
            assertThat(done.costMicros()).isEqualTo(80_000);
            var variants = harness.engine.snapshot(started.session().id()).turns().get(0).variants();
            assertThat(variants).hasSize(2);
            for (var variant : variants) {
                assertThat(harness.images.read(variant.image())).isEqualTo(FakeService.png());
            }
            assertThat(variants).extracting(v -> v.seed()).containsExactly(77L, 78L);
            assertThat(runflow.acceptedInputs.get(0).get("num_images").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRunCancelledAtRunflowEndsTheTurnCancelledNotFailed() throws Exception {
        runflow.end = "canceled";
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(start("canceled", 1));

            Turn ended = harness.awaitEnd(started.turn().id());

            assertThat(ended.status()).isEqualTo(TurnStatus.CANCELLED);
            assertThat(ended.errorCode()).isEqualTo("cancelled");
            assertThat(ended.errorMessage()).isEqualTo("The run was cancelled at Runflow.");
            assertThat(ended.costMicros()).isZero();
        }
    }

    @Test
    void cancellingARunningTurnSaysTheRunStillBillsAndCallsNoUndocumentedRoute() throws Exception {
        runflow.stages = Collections.nCopies(100_000, "queued");
        try (EngineHarness harness = new EngineHarness(dir, provider)) {
            var started = harness.engine.start(start("stop", 1));
            harness.awaitJob(started.turn().id());

            Turn cancelled = harness.engine.cancel(started.session().id(), started.turn().id(), "ana");

            assertThat(cancelled.status()).isEqualTo(TurnStatus.CANCELLED);
            assertThat(cancelled.errorMessage()).isEqualTo("Cancelled by ana. " + provider.cancelLimit().orElseThrow());
            assertThat(runflow.requests).noneMatch(r -> r.contains("cancel"));
        }
    }

    @Test
    void aRunStillQueuedAtTheDeadlineEndsTimedOutAndSaysItMayStillBill() throws Exception {
        runflow.stages = Collections.nCopies(100_000, "queued");
        EngineSettings settings = new EngineSettings(2, Duration.ofMillis(20), Duration.ofSeconds(2), 500,
                EngineHarness.FAST.retry(), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
        try (EngineHarness harness = new EngineHarness(dir, provider, settings)) {
            var started = harness.engine.start(start("slow", 1));
            harness.awaitJob(started.turn().id());

            Turn ended = harness.awaitEnd(started.turn().id());

            assertThat(ended.errorCode()).isEqualTo("timeout");
            assertThat(ended.errorMessage()).endsWith(provider.cancelLimit().orElseThrow());
            assertThat(runflow.requests).noneMatch(r -> r.contains("cancel"));
        }
    }

    @Test
    void rateLimitingWithoutRetryAfterIsTriedFiveTimesWithBackoffThenEnds() throws Exception {
        for (int i = 0; i < 10; i++) {
            runflow.failNextCreate(429, "RATE_LIMITED", "Too many requests.");
        }
        // The engine would allow 8 retries; Runflow's docs cap it at 5 attempts. No randomness: the waits are exact.
        EngineSettings settings = new EngineSettings(2, Duration.ofMillis(5), Duration.ofSeconds(20), 500,
                new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(40), 2, 0.5, () -> 0.5), ParamOverrides.NONE, 0, 0,
                Duration.ZERO, Quotas.NONE);
        try (EngineHarness harness = new EngineHarness(dir, provider, settings)) {
            var started = harness.engine.start(start("busy", 1));

            Turn ended = harness.awaitEnd(started.turn().id());

            assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
            assertThat(ended.errorCode()).isEqualTo("unavailable");
            assertThat(ended.errorMessage()).contains("RATE_LIMITED");
            assertThat(runflow.createAttempts.get()).isEqualTo(5);
            assertThat(runflow.runIds()).isEmpty();
        }
    }
}
