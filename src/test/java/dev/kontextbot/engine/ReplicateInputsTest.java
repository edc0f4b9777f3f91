package dev.kontextbot.engine;

import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.http.FakeReplicate;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.replicate.ReplicateConfig;
import dev.kontextbot.provider.replicate.ReplicateProvider;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicate's inputs through the engine: a refine sends the previous output's URL while Replicate keeps it; once it
 * has expired the image goes up through the files API once, and a later turn on the same image sends the file's URL; a
 * URL Replicate cannot fetch is sent once more as bytes; every turn records what it sent.
 */
class ReplicateInputsTest {
    private static final byte[] PHOTO = TestImages.encode(TestImages.drawn(200, 150, (x, y) -> x * 977 + y * 131), "png");

    @TempDir
    Path dir;

    /** Every input without a URL goes through the files API ({@code inlineMaxBytes} 0), so the tiny outputs do too. */
    private static ReplicateProvider replicate(FakeService service, Clock clock) {
        return new ReplicateProvider(new ReplicateConfig(service.base(), FakeService.API_KEY, TestCatalogue.routes("replicate"), 10_000_000,
                Duration.ofSeconds(1), 0), service.http(), clock);
    }

    private static FakeReplicate fake(FakeService service) {
        FakeReplicate replicate = new FakeReplicate(FakeService.API_KEY);
        replicate.base = service.base();
        replicate.doneAtOnce = true;
        service.server.setDispatcher(replicate);
        return replicate;
    }

    private static StartCommand start(String thread) {
        return new StartCommand(EngineHarness.thread(thread), "ana", PHOTO, "make the jacket red", ParamOverrides.NONE, null);
    }

    private static Turn refine(EngineHarness harness, long session) {
        return harness.awaitEnd(harness.engine.refine(session, "ana", "now make it blue", ParamOverrides.NONE, null).id());
    }

    @Test
    void aRefineOfAReplicateResultSendsItsOutputUrlAndNoImageBytes() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeReplicate replicate = fake(service);
            try (EngineHarness harness = new EngineHarness(dir, replicate(service, Clock.systemUTC()))) {
                var started = harness.engine.start(start("output-url"));
                harness.awaitEnd(started.turn().id());
                int uploadsBefore = replicate.uploads.size();

                Turn refined = refine(harness, started.session().id());

                String output = replicate.inputs.get(1).get("input_image").asText();
                assertThat(refined.status()).isEqualTo(TurnStatus.DONE);
                assertThat(output).as("the first prediction's output").startsWith(service.base() + "/files/p0.");
                assertThat(replicate.inputs.get(1).toString()).hasSizeLessThan(4 * 1024);
                assertThat(replicate.uploads).hasSize(uploadsBefore);
                assertThat(refined.inputBytesSent()).isEqualTo(output.length());
            }
        }
    }

    @Test
    void anExpiredOutputGoesUpThroughTheFilesApiOnceAndTheNextTurnOnItSendsTheFileUrl() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeReplicate replicate = fake(service);
            ReferencesByUrlTest.MovableClock clock = new ReferencesByUrlTest.MovableClock();
            try (EngineHarness harness = new EngineHarness(dir, replicate(service, clock))) {
                var started = harness.engine.start(start("files"));
                harness.awaitEnd(started.turn().id());
                // Two hours on: the output's URL (an hour) and the store's presigned URL (an hour) have both run out.
                clock.ahead.set(Duration.ofHours(2));

                Turn refined = refine(harness, started.session().id());
                Turn rerolled = harness.awaitEnd(harness.engine.reroll(started.session().id(), refined.id(), "ana", null).id());

                assertThat(List.of(refined.status(), rerolled.status())).containsOnly(TurnStatus.DONE);
                List<FakeReplicate.Upload> ofTheOutput = replicate.uploads.stream()
                        .filter(upload -> java.util.Arrays.equals(upload.bytes(), FakeReplicate.output(0))).toList();
                assertThat(ofTheOutput).as("the refined image went up once, for both turns").hasSize(1);
                assertThat(ofTheOutput.get(0).name()).isEqualTo("kontext-input.png");
                assertThat(ofTheOutput.get(0).type()).isEqualTo("image/png");
                String file = service.base() + "/v1/files/f" + replicate.uploads.indexOf(ofTheOutput.get(0));
                assertThat(replicate.inputs.get(1).get("input_image").asText()).isEqualTo(file);
                assertThat(replicate.inputs.get(2).get("input_image").asText()).isEqualTo(file);
                assertThat(refined.inputBytesSent()).isEqualTo(FakeReplicate.output(0).length);
                assertThat(rerolled.inputBytesSent()).isEqualTo(file.length());
            }
        }
    }

    @Test
    void aUrlReplicateCannotFetchIsSentOnceMoreAsBytesAndTheTurnEndsDone() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeReplicate replicate = fake(service);
            replicate.unreachableUrls = true;
            try (EngineHarness harness = new EngineHarness(dir, replicate(service, Clock.systemUTC()))) {
                URI cdn = postedOnDiscord(harness);

                Turn done = harness.awaitEnd(harness.engine.start(start("unreachable")).turn().id());

                assertThat(done.status()).isEqualTo(TurnStatus.DONE);
                assertThat(replicate.creates.get()).as("the failed prediction and the one with bytes").isEqualTo(2);
                assertThat(replicate.inputs.get(0).get("input_image").asText()).isEqualTo(cdn.toString());
                String inline = replicate.inputs.get(1).get("input_image").asText();
                assertThat(inline).startsWith("data:image/png;base64,");
                assertThat(replicate.uploads).as("bytes after a refused URL go inline, not up").isEmpty();
                assertThat(done.inputBytesSent()).isEqualTo(cdn.toString().length() + inline.length());
            }
        }
    }

    @Test
    void aPredictionThatFailsFetchingItsUrlWhenPolledIsSentOnceMoreWithBytesAndEveryVariantArrives() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeReplicate replicate = fake(service);
            replicate.unreachableUrls = true;
            try (EngineHarness harness = new EngineHarness(dir, replicate(service, Clock.systemUTC()))) {
                URI cdn = postedOnDiscord(harness);
                StartCommand two = new StartCommand(EngineHarness.thread("polled"), "ana", PHOTO, "make the jacket red",
                        ParamOverrides.builder().numImages(2).build(), null);

                Turn done = harness.awaitEnd(harness.engine.start(two).turn().id());

                // p0 is not held open: its failure shows when polled. p1 is, and is resent at once as p2; p0 later as p3.
                assertThat(done.status()).isEqualTo(TurnStatus.DONE);
                assertThat(done.shortfall()).isEmpty();
                assertThat(harness.engine.snapshot(done.sessionId()).turns().get(0).variants()).hasSize(2);
                assertThat(replicate.creates.get()).isEqualTo(4);
                assertThat(replicate.inputs).extracting(input -> input.get("input_image").asText().startsWith("data:"))
                        .containsExactly(false, false, true, true);
                assertThat(replicate.inputs).extracting(input -> input.get("seed").asLong())
                        .containsExactly(replicate.inputs.get(0).get("seed").asLong(), replicate.inputs.get(1).get("seed").asLong(),
                                replicate.inputs.get(1).get("seed").asLong(), replicate.inputs.get(0).get("seed").asLong());
                long inline = replicate.inputs.get(2).get("input_image").asText().length();
                assertThat(done.inputBytesSent()).isEqualTo(2L * cdn.toString().length() + 2 * inline);
            }
        }
    }

    /** The photo as a Discord attachment seen a moment ago: its CDN URL, valid for a day, is what the engine knows it by. */
    private static URI postedOnDiscord(EngineHarness harness) {
        Instant expiry = Instant.now().plus(Duration.ofHours(24));
        URI cdn = URI.create("https://cdn.discordapp.com/attachments/1/2/photo.png?ex=" + Long.toHexString(expiry.getEpochSecond())
                + "&is=0&hm=abc");
        harness.engine.knownAt(PHOTO, cdn, Optional.of(expiry));
        return cdn;
    }
}
