package dev.kontextbot.engine;

import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.runflow.FakeRunflow;
import dev.kontextbot.provider.runflow.RunflowConfig;
import dev.kontextbot.provider.runflow.RunflowProvider;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An input Runflow has no URL for goes through its asset upload once, and every later turn on the same image sends the
 * asset's URL; when the upload fails the bytes go inline and the turn is done all the same. Through the real engine.
 */
class RunflowAssetUploadTest {
    private static final byte[] PHOTO = TestImages.encode(TestImages.drawn(200, 150, (x, y) -> x * 977 + y * 131), "png");

    @TempDir
    Path dir;

    /** On a file store, so no presigned URL comes before the upload; every size uploaded (inline-max-kb 0). */
    private EngineHarness harness(FakeRunflow runflow) {
        RunflowProvider provider = new RunflowProvider(new RunflowConfig(runflow.base(), FakeService.API_KEY, TestCatalogue.routes("runflow"),
                1_000_000, false, false, RunflowConfig.DOCUMENTED_MAX_ATTEMPTS, 0), new dev.kontextbot.provider.http.ProviderHttp(
                new okhttp3.OkHttpClient(), new com.fasterxml.jackson.databind.ObjectMapper()));
        return new EngineHarness(dir, provider, EngineHarness.FAST, null, () -> TestDatabases.open(dir, 4),
                db -> new FileImageStore(dir.resolve("images"), db.dsl(), Clock.systemUTC()));
    }

    private static StartCommand start(String thread) {
        return new StartCommand(EngineHarness.thread(thread), "ana", PHOTO, "make the jacket red", ParamOverrides.NONE, null);
    }

    private static long assetUploads(FakeRunflow runflow) {
        return runflow.requests.stream().filter("POST /v1/asset-uploads"::equals).count();
    }

    @Test
    void twoEditsOfTheSameImageUploadItOnceAndBothSendTheAssetUrl() throws Exception {
        try (FakeRunflow runflow = new FakeRunflow(FakeService.API_KEY); EngineHarness harness = harness(runflow)) {
            Turn first = harness.awaitEnd(harness.engine.start(start("one")).turn().id());
            Turn again = harness.awaitEnd(harness.engine.start(start("two")).turn().id());

            assertThat(first.status()).as("%s", first.errorMessage()).isEqualTo(TurnStatus.DONE);
            assertThat(again.status()).as("%s", again.errorMessage()).isEqualTo(TurnStatus.DONE);
            assertThat(assetUploads(runflow)).as("asset uploads of the one image").isEqualTo(1);
            String assetUrl = runflow.acceptedInputs.get(0).get("image_url").asText();
            assertThat(assetUrl).startsWith(runflow.base() + "/assets/");
            assertThat(runflow.acceptedInputs.get(1).get("image_url").asText()).isEqualTo(assetUrl);
            assertThat(first.inputBytesSent()).as("the asset's bytes").isEqualTo(PHOTO.length);
            assertThat(again.inputBytesSent()).as("the asset's URL").isEqualTo(assetUrl.length());
        }
    }

    @Test
    void anAssetUploadAnswering500SendsTheBytesInlineAndTheTurnIsDone() throws Exception {
        try (FakeRunflow runflow = new FakeRunflow(FakeService.API_KEY); EngineHarness harness = harness(runflow)) {
            runflow.storageStatus = 500;
            Turn done = harness.awaitEnd(harness.engine.start(start("down")).turn().id());

            String sent = runflow.acceptedInputs.get(0).get("image_url").asText();
            assertThat(done.status()).as("%s", done.errorMessage()).isEqualTo(TurnStatus.DONE);
            assertThat(done.errorMessage()).isNull();
            assertThat(sent).startsWith("data:image/png;base64,");
            assertThat(runflow.createAttempts.get()).as("one run created, at once").isEqualTo(1);
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.inputBytesSent()).as("the PUT's body reached the storage before its 500, then the data URI")
                    .isEqualTo(PHOTO.length + sent.length());
        }
    }
}
