package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.bfl.BflConfig;
import dev.kontextbot.provider.bfl.BflProvider;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.FakeBflTasks;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.runflow.FakeRunflow;
import dev.kontextbot.provider.runflow.RunflowConfig;
import dev.kontextbot.provider.runflow.RunflowProvider;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestImages;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refine sends the previous result's URL (a request of a few hundred bytes) while the service still serves it, the
 * bytes once it has expired; a person's attachment goes by its CDN URL; a URL the service cannot fetch is sent once
 * more as bytes; every turn records what it sent. The engine drives the real provider clients against loopback fakes.
 */
class ReferencesByUrlTest {
    /** The target for a refine whose input is sent by URL. */
    private static final int URL_BODY_LIMIT = 4 * 1024;
    /** A real photo's worth of bytes (not a 2×2 square), so the difference between URL and bytes shows. */
    private static final byte[] PHOTO = TestImages.encode(TestImages.drawn(200, 150, (x, y) -> x * 977 + y * 131), "png");

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    /** The providers' clock, moved on by the test to pass their result URLs' expiry. */
    static final class MovableClock extends Clock {
        final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }
    }

    private static StartCommand start(String thread, byte[] image) {
        return new StartCommand(EngineHarness.thread(thread), "ana", image, "make the jacket red", ParamOverrides.NONE, null);
    }

    private Turn refine(EngineHarness harness, long session) {
        return harness.awaitEnd(harness.engine.refine(session, "ana", "now make it blue", ParamOverrides.NONE, null).id());
    }

    private FalProvider fal(FakeService fal, Clock clock) {
        return new FalProvider(new FalConfig(fal.base(), FakeService.API_KEY, TestCatalogue.routes("fal"), 1_000_000), fal.http(), clock);
    }

    @Test
    void aFalRefineSendsThePreviousResultsUrlWhileValidAndTheBytesAfter() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            MovableClock clock = new MovableClock();
            try (EngineHarness harness = new EngineHarness(dir, fal(service, clock))) {
                var started = harness.engine.start(start("fal", PHOTO));
                Turn first = harness.awaitEnd(started.turn().id());

                Turn second = refine(harness, started.session().id());
                clock.ahead.set(Duration.ofHours(2));
                Turn third = refine(harness, started.session().id());

                String resultUrl = service.base() + "/files/out.png";
                assertThat(List.of(first.status(), second.status(), third.status())).containsOnly(TurnStatus.DONE);
                JsonNode firstBody = json.readTree(queue.submitBodies.get(0));
                String source = firstBody.get("image_url").asText();
                assertStoreUrlOrBytes(harness, source, PHOTO.length);
                assertThat(first.inputBytesSent()).isEqualTo(source.length());
                assertThat(queue.submitBodies.get(1).length()).isLessThanOrEqualTo(URL_BODY_LIMIT);
                assertThat(json.readTree(queue.submitBodies.get(1)).get("image_url").asText()).isEqualTo(resultUrl);
                assertThat(second.inputBytesSent()).isEqualTo(resultUrl.length());
                String inline = json.readTree(queue.submitBodies.get(2)).get("image_url").asText();
                // Two hours on, the store's presigned URL (valid one hour) has run out as well: bytes.
                assertThat(inline).startsWith("data:image/png;base64,");
                assertThat(third.inputBytesSent()).isEqualTo(inline.length());
            }
        }
    }

    /**
     * What an input goes as when no URL of the service is valid: the object store's presigned URL when the store has
     * them (the S3 run), else the bytes themselves, a data URI longer than {@code imageBytes}.
     */
    private static void assertStoreUrlOrBytes(EngineHarness harness, String sent, int imageBytes) {
        if (harness.images.presignedUrl(new ImageId("0".repeat(64)), Duration.ofMinutes(1)).isPresent()) {
            assertThat(sent).contains("X-Amz-Signature=").hasSizeLessThan(1_000);
        } else {
            assertThat(sent).startsWith("data:image/png;base64,").hasSizeGreaterThan(imageBytes);
        }
    }

    @Test
    void theResultUrlAndItsExpirySurviveARestart() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            try (EngineHarness harness = new EngineHarness(dir, fal(service, Clock.systemUTC()))) {
                var started = harness.engine.start(start("restart", PHOTO));
                harness.awaitEnd(started.turn().id());

                harness.restart();
                refine(harness, started.session().id());

                assertThat(json.readTree(queue.submitBodies.get(1)).get("image_url").asText()).isEqualTo(service.base() + "/files/out.png");
            }
        }
    }

    @Test
    void aUrlFalCannotFetchIsSentOnceMoreAsBytesAndTheTurnEndsDone() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            try (EngineHarness harness = new EngineHarness(dir, fal(service, Clock.systemUTC()))) {
                var started = harness.engine.start(start("refused", PHOTO));
                harness.awaitEnd(started.turn().id());
                queue.unreachableUrls = true;

                Turn refined = refine(harness, started.session().id());

                assertThat(refined.status()).isEqualTo(TurnStatus.DONE);
                assertThat(queue.submitBodies).hasSize(3);
                assertThat(json.readTree(queue.submitBodies.get(1)).get("image_url").asText()).startsWith("http://");
                assertThat(json.readTree(queue.submitBodies.get(2)).get("image_url").asText()).startsWith("data:image/png;base64,");
                assertThat(queue.submits.get()).as("jobs started, so billed").isEqualTo(2);
                assertThat(refined.inputBytesSent()).isEqualTo(json.readTree(queue.submitBodies.get(1)).get("image_url").asText().length()
                        + json.readTree(queue.submitBodies.get(2)).get("image_url").asText().length());
            }
        }
    }

    @Test
    void aDiscordAttachmentIsSentByItsCdnUrlUntilItExpires() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            try (EngineHarness harness = new EngineHarness(dir, fal(service, Clock.systemUTC()))) {
                Instant expiry = Instant.now().plus(Duration.ofHours(24));
                URI cdn = URI.create("https://cdn.discordapp.com/attachments/1/2/photo.png?ex=" + Long.toHexString(expiry.getEpochSecond())
                        + "&is=0&hm=abc");
                harness.engine.knownAt(PHOTO, cdn, Optional.of(expiry));

                Turn done = harness.awaitEnd(harness.engine.start(start("attachment", PHOTO)).turn().id());

                assertThat(done.status()).isEqualTo(TurnStatus.DONE);
                assertThat(json.readTree(queue.submitBodies.get(0)).get("image_url").asText()).isEqualTo(cdn.toString());
                assertThat(done.inputBytesSent()).isEqualTo(cdn.toString().length());
            }
        }
    }

    @Test
    void aBflRefineSendsTheSampleUrlAndResendsBytesWhenBflCannotFetchIt() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeBflTasks tasks = new FakeBflTasks(task -> 1, post -> false);
            tasks.base = service.base();
            service.server.setDispatcher(tasks);
            BflProvider provider = new BflProvider(new BflConfig(service.base(), FakeService.API_KEY, TestCatalogue.routes("bfl"), 10_000_000),
                    service.http(), Clock.systemUTC());
            try (EngineHarness harness = new EngineHarness(dir, provider)) {
                var started = harness.engine.start(start("bfl", PHOTO));
                harness.awaitEnd(started.turn().id());

                Turn byUrl = refine(harness, started.session().id());
                tasks.unreachableUrls = true;
                Turn resent = refine(harness, started.session().id());

                assertThat(List.of(byUrl.status(), resent.status())).containsOnly(TurnStatus.DONE);
                assertThat(tasks.bodies.get(1).length()).isLessThanOrEqualTo(URL_BODY_LIMIT);
                assertThat(json.readTree(tasks.bodies.get(1)).get("input_image").asText()).isEqualTo(service.base() + "/delivery/t0.png");
                assertThat(json.readTree(tasks.bodies.get(2)).get("input_image").asText()).isEqualTo(service.base() + "/delivery/t1.png");
                assertThat(json.readTree(tasks.bodies.get(3)).get("input_image").asText()).doesNotStartWith("http");
                assertThat(tasks.bodies).hasSize(4);
                assertThat(tasks.accepted.get()).isEqualTo(3);
            }
        }
    }

    @Test
    void aRunflowRefineSendsTheOutputUrlAndResendsBytesWhenRunflowCannotFetchIt() throws Exception {
        try (FakeRunflow runflow = new FakeRunflow(FakeService.API_KEY)) {
            ProviderHttp http = new ProviderHttp(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build(), new ObjectMapper());
            RunflowProvider provider = new RunflowProvider(new RunflowConfig(runflow.base(), FakeService.API_KEY, TestCatalogue.routes("runflow"),
                    1_000_000), http, Clock.systemUTC());
            try (EngineHarness harness = new EngineHarness(dir, provider)) {
                var started = harness.engine.start(start("runflow", PHOTO));
                harness.awaitEnd(started.turn().id());

                Turn byUrl = refine(harness, started.session().id());
                runflow.unreachableUrls = true;
                Turn resent = refine(harness, started.session().id());

                assertThat(List.of(byUrl.status(), resent.status())).containsOnly(TurnStatus.DONE);
                assertThat(runflow.acceptedInputs.get(1).get("image_url").asText()).startsWith(runflow.base() + "/files/");
                assertThat(runflow.createBodySizes.get(1)).isLessThanOrEqualTo(URL_BODY_LIMIT);
                assertThat(runflow.createBodySizes).hasSize(4);
                assertThat(runflow.acceptedInputs.get(2).get("image_url").asText()).startsWith("data:image/png;base64,");
                assertThat(byUrl.inputBytesSent()).isLessThan(200);
            }
        }
    }
}
