package dev.kontextbot.engine;

import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.transfer.ImportLimits;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn that gets fewer variants than it asked for ends done with what arrived, and says why, wherever it goes. */
class TurnShortfallTest {
    static final byte[] PHOTO = TestImages.encode(Scenes.landscape(3, 96, 64), "png");
    static final String SHORTFALL = "3 of 4 variants; 1 was refused by the provider: BFL answered HTTP 429.";

    @TempDir
    Path fromDir;
    @TempDir
    Path toDir;

    private static PollOutcome threeOfFour() {
        List<GeneratedImage> three = List.of(variant(1), variant(2), variant(3));
        return new PollOutcome.Completed(three, Optional.of(new dev.kontextbot.engine.model.ProviderFailure.Worded(SHORTFALL)));
    }

    private static GeneratedImage variant(int shade) {
        return GeneratedImage.of(TestImages.encode(TestImages.drawn(8, 8, (x, y) -> shade * 0x402010 + x), "png"), "image/png", shade);
    }

    private static Turn started(ConversationEngine engine, String thread) {
        return engine.start(new StartCommand(EngineHarness.thread(thread), "ana", PHOTO, "make it red",
                ParamOverrides.builder().numImages(4).build(), null)).turn();
    }

    @Test
    void aTurnWithFewerVariantsIsDoneWithItsShortfallAndChargedOnlyForTheVariantsThatArrived() throws InterruptedException {
        FakeProvider provider = new FakeProvider();
        provider.scriptedPolls.add(threeOfFour());
        try (EngineHarness harness = new EngineHarness(fromDir, provider)) {
            Turn done = harness.awaitSettled(started(harness.engine, "partial").id());

            assertThat(done.status()).isEqualTo(TurnStatus.DONE);
            assertThat(done.shortfall()).contains(SHORTFALL);
            assertThat(harness.engine.snapshot(done.sessionId()).turns().get(0).variants()).hasSize(3);
            assertThat(done.costMicros()).isEqualTo(3 * 40_000);
        }
    }

    @Test
    void aTurnWhoseVariantsAllArrivedHasNoShortfall() throws InterruptedException {
        try (EngineHarness harness = new EngineHarness(fromDir, new FakeProvider())) {
            Turn done = harness.awaitSettled(started(harness.engine, "whole").id());

            assertThat(done.status()).isEqualTo(TurnStatus.DONE);
            assertThat(done.shortfall()).isEmpty();
            assertThat(done.errorCode()).isNull();
        }
    }

    @Test
    void anExportedSessionImportedElsewhereKeepsTheShortfall() throws IOException, InterruptedException {
        FakeProvider provider = new FakeProvider();
        provider.scriptedPolls.add(threeOfFour());
        ImportLimits limits = ImportLimits.of(50L * 1024 * 1024, 10_000_000);
        try (TransferHarness from = new TransferHarness(fromDir, limits, provider); TransferHarness to = new TransferHarness(toDir, limits)) {
            Turn done = from.harness.awaitSettled(started(from.engine(), "exported").id());
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            from.exporter.export(done.sessionId(), zip);

            Session imported = to.importer.importArchive(new ByteArrayInputStream(zip.toByteArray()), EngineHarness.thread("imported"));

            Turn copy = to.engine().snapshot(imported.id()).turns().get(0).turn();
            assertThat(copy.status()).isEqualTo(TurnStatus.DONE);
            assertThat(copy.shortfall()).contains(SHORTFALL);
            assertThat(copy.costMicros()).isEqualTo(3 * 40_000);
        }
    }
}
