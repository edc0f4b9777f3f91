package dev.kontextbot.engine;

import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.ImagePrices;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine driving a real provider client against a loopback fake of fal.ai's queue API. */
class RemoteProviderRoundTripTest {
    @TempDir
    Path dir;

    /** fal's queue: the first submits fail with 503, then the job is queued, runs, completes. */
    static final class FalQueue extends Dispatcher {
        final AtomicInteger failingSubmits;
        final int pollsBeforeDone;
        final AtomicInteger submits = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        final List<String> paths = new CopyOnWriteArrayList<>();
        String base;

        FalQueue(int failingSubmits, int pollsBeforeDone) {
            this.failingSubmits = new AtomicInteger(failingSubmits);
            this.pollsBeforeDone = pollsBeforeDone;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getTarget();
            paths.add(request.getMethod() + " " + path);
            if (path.equals("/fal-ai/flux-pro/kontext")) {
                if (failingSubmits.getAndDecrement() > 0) {
                    return json(503, "{\"detail\":\"overloaded\"}");
                }
                submits.incrementAndGet();
                return json(200, "{\"request_id\":\"r1\",\"status_url\":\"" + base + "/q/r1/status\",\"response_url\":\"" + base
                        + "/q/r1\",\"cancel_url\":\"" + base + "/q/r1/cancel\"}");
            }
            if (path.equals("/q/r1/status")) {
                return polls.incrementAndGet() <= pollsBeforeDone ? json(200, "{\"status\":\"IN_PROGRESS\"}") : json(200, "{\"status\":\"COMPLETED\"}");
            }
            if (path.equals("/q/r1")) {
                return json(200, "{\"images\":[{\"url\":\"" + base + "/files/out.png\"}],\"seed\":9}");
            }
            if (path.equals("/files/out.png")) {
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(FakeService.png())).build();
            }
            return json(202, "{}");
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
        }
    }

    private static StartCommand start(String thread) {
        return new StartCommand(EngineHarness.thread(thread), "ana", FakeService.png(), "make the jacket red", ParamOverrides.NONE, null);
    }

    @Test
    void serverErrorsAreRetriedThenTheResultIsFetchedStoredAndCharged() throws Exception {
        try (FakeService fal = new FakeService()) {
            FalQueue queue = new FalQueue(2, 2);
            queue.base = fal.base();
            fal.server.setDispatcher(queue);
            FalProvider provider = new FalProvider(new FalConfig(fal.base(), FakeService.API_KEY, ImagePrices.LIST, 1_000_000), fal.http());
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
            FalQueue queue = new FalQueue(0, Integer.MAX_VALUE);
            queue.base = fal.base();
            fal.server.setDispatcher(queue);
            FalProvider provider = new FalProvider(new FalConfig(fal.base(), FakeService.API_KEY, ImagePrices.LIST, 1_000_000), fal.http());
            EngineSettings settings = new EngineSettings(2, Duration.ofMillis(20), Duration.ofMillis(400), 500,
                    EngineHarness.FAST.retry(), ParamOverrides.NONE, 0);
            try (EngineHarness harness = new EngineHarness(dir, provider, settings)) {
                var started = harness.engine.start(start("slow"));

                Turn ended = harness.awaitEnd(started.turn().id());

                assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
                assertThat(ended.errorCode()).isEqualTo("timeout");
                assertThat(ended.costMicros()).isZero();
                EngineHarness.await(() -> queue.paths.contains("PUT /q/r1/cancel"), "the cancel request");
            }
        }
    }
}
