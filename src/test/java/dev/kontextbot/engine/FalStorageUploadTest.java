package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.JooqImageUrlRepository;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An input fal has no URL for (a file store has no presigned URLs, the person's upload no public URL) goes through
 * fal's storage once and then by its file URL, on every turn that sends the same image; when the storage fails the
 * bytes go inline and the turn ends as any other.
 */
class FalStorageUploadTest {
    private static final byte[] PHOTO = TestImages.encode(TestImages.drawn(200, 150, (x, y) -> x * 977 + y * 131), "png");

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    /** On a file store, so no presigned URL comes before the upload; every size uploaded. */
    private EngineHarness harness(FakeService service) {
        FalProvider fal = new FalProvider(new FalConfig(service.base(), FakeService.API_KEY, TestCatalogue.routes("fal"), 1_000_000, 0),
                service.http());
        return new EngineHarness(dir, fal, EngineHarness.FAST, null, () -> TestDatabases.open(dir, 4),
                db -> new FileImageStore(dir.resolve("images"), db.dsl(), Clock.systemUTC()));
    }

    private static StartCommand start(String thread) {
        return new StartCommand(EngineHarness.thread(thread), "ana", PHOTO, "make the jacket red", ParamOverrides.NONE, null);
    }

    @Test
    void anInputWithNoUrlIsUploadedOnceAndEveryTurnSendsItsFileUrl() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            try (EngineHarness harness = harness(service)) {
                Turn first = harness.awaitEnd(harness.engine.start(start("one")).turn().id());
                Turn again = harness.awaitEnd(harness.engine.start(start("two")).turn().id());

                String fileUrl = service.base() + "/media/1.png";
                assertThat(first.status()).isEqualTo(TurnStatus.DONE);
                assertThat(again.status()).isEqualTo(TurnStatus.DONE);
                assertThat(queue.initiates.get()).as("uploads of the one image").isEqualTo(1);
                assertThat(queue.uploads.get("1")).isEqualTo(PHOTO);
                assertThat(queue.lifecycles.get(0)).contains("expiration_duration_seconds");
                assertThat(json.readTree(queue.submitBodies.get(0)).get("image_url").asText()).isEqualTo(fileUrl);
                assertThat(json.readTree(queue.submitBodies.get(1)).get("image_url").asText()).isEqualTo(fileUrl);
                // An upload counts as the image's size (InputImages.Sending#upload); a URL sent as its length.
                assertThat(first.inputBytesSent()).isEqualTo(PHOTO.length);
                assertThat(again.inputBytesSent()).isEqualTo(fileUrl.length());
            }
        }
    }

    @Test
    void whenFalsStorageFailsTheBytesGoInlineAndTheTurnEndsDoneWithoutAWord() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            queue.storageDown = true;
            try (EngineHarness harness = harness(service)) {
                Turn done = harness.awaitEnd(harness.engine.start(start("down")).turn().id());

                String sent = json.readTree(queue.submitBodies.get(0)).get("image_url").asText();
                assertThat(done.status()).isEqualTo(TurnStatus.DONE);
                assertThat(done.errorMessage()).isNull();
                assertThat(done.shortfall()).isEmpty();
                assertThat(sent).startsWith("data:image/png;base64,");
                assertThat(done.inputBytesSent()).as("the upload stopped at its first step, so only the data URI left").isEqualTo(sent.length());
                assertThat(queue.submitBodies).hasSize(1);
            }
        }
    }

    @Test
    void anUploadWhoseBytesWentOutBeforeTheStorageRefusedThemCountsThemAsSent() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            queue.putStatus = 500;
            try (EngineHarness harness = harness(service)) {
                Turn done = harness.awaitEnd(harness.engine.start(start("refused")).turn().id());

                String sent = json.readTree(queue.submitBodies.get(0)).get("image_url").asText();
                assertThat(done.status()).isEqualTo(TurnStatus.DONE);
                assertThat(sent).startsWith("data:image/png;base64,");
                assertThat(done.inputBytesSent()).as("the PUT's body reached fal before its 500, then the data URI").isEqualTo(PHOTO.length + sent.length());
            }
        }
    }

    @Test
    void anUploadFalCannotFetchIsSentOnceMoreAsBytesAndForgottenSoTheNextTurnUploadsAgain() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            try (EngineHarness harness = harness(service)) {
                harness.awaitEnd(harness.engine.start(start("first")).turn().id());
                queue.unreachableUrls = true;
                Turn resent = harness.awaitEnd(harness.engine.start(start("second")).turn().id());
                queue.unreachableUrls = false;
                Turn third = harness.awaitEnd(harness.engine.start(start("third")).turn().id());

                assertThat(resent.status()).isEqualTo(TurnStatus.DONE);
                assertThat(json.readTree(queue.submitBodies.get(1)).get("image_url").asText()).isEqualTo(service.base() + "/media/1.png");
                assertThat(json.readTree(queue.submitBodies.get(2)).get("image_url").asText()).startsWith("data:image/png;base64,");
                assertThat(third.status()).isEqualTo(TurnStatus.DONE);
                // fal said it could not fetch the file URL: its image_url row is gone, so the third turn uploads again
                // rather than send a URL that would be refused first.
                assertThat(new JooqImageUrlRepository(harness.database.dsl()).of(ImageId.of(PHOTO), java.time.Instant.now()))
                        .extracting(url -> url.uri().toString()).contains(service.base() + "/media/2.png").doesNotContain(service.base() + "/media/1.png");
                assertThat(queue.initiates.get()).as("uploaded again after the refused fetch").isEqualTo(2);
                assertThat(json.readTree(queue.submitBodies.get(3)).get("image_url").asText()).isEqualTo(service.base() + "/media/2.png");
            }
        }
    }
}
