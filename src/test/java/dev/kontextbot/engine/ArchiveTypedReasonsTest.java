package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.adapter.chat.TurnFailureWords;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import dev.kontextbot.testing.Zips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn's reason goes into a session archive typed beside its English, so an imported turn reads in each reader's language. */
class ArchiveTypedReasonsTest {
    private static final byte[] PHOTO = TestImages.encode(Scenes.landscape(5, 96, 64), "png");
    private static final TurnFailureWords WORDS = new TurnFailureWords();

    @TempDir
    Path fromDir;
    @TempDir
    Path toDir;

    /** A session whose one turn the offline editor could not do: it ends failed with a typed reason. */
    private static Map<String, byte[]> exportedWithAFailedTurn(TransferHarness from) throws IOException {
        Turn turn = from.engine().start(new StartCommand(EngineHarness.thread("failing"), "ana", PHOTO, "make it sound like jazz",
                ParamOverrides.NONE, null)).turn();
        Turn failed = from.harness.awaitSettled(turn.id());
        assertThat(failed.status()).isEqualTo(TurnStatus.FAILED);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        from.exporter.export(failed.sessionId(), zip);
        return Zips.entries(zip.toByteArray());
    }

    private static Turn imported(TransferHarness to, Map<String, byte[]> archive) throws IOException {
        return imported(to, archive, "imported");
    }

    private static Turn imported(TransferHarness to, Map<String, byte[]> archive, String thread) throws IOException {
        Session session = to.importer.importArchive(new ByteArrayInputStream(Zips.zip(archive)), EngineHarness.thread(thread));
        return to.engine().snapshot(session.id()).turns().get(0).turn();
    }

    private static Map<String, byte[]> changed(Map<String, byte[]> archive, UnaryOperator<ObjectNode> change) {
        return Zips.withManifest(archive, change.apply(Zips.manifest(archive)));
    }

    @Test
    void aFailedTurnsTypedReasonTravelsWithTheArchiveAndAGermanReaderOfTheCopyReadsGerman() throws IOException, InterruptedException {
        try (TransferHarness from = new TransferHarness(fromDir); TransferHarness to = new TransferHarness(toDir)) {
            Map<String, byte[]> archive = exportedWithAFailedTurn(from);
            JsonNode error = Zips.manifest(archive).withArray("turns").get(0).get("error");
            assertThat(error.path("detail").path("kind").asText()).isEqualTo("Failed");

            Turn copy = imported(to, archive);

            assertThat(copy.failure()).isInstanceOfSatisfying(TurnFailure.Failed.class,
                    failed -> assertThat(failed.failure()).isInstanceOf(ProviderFailure.NotUnderstood.class));
            assertThat(copy.errorMessage()).isEqualTo(error.get("message").asText());
            assertThat(WORDS.why(copy, TestWords.GERMAN)).startsWith("Der Offline-Editor hat „make it sound like jazz“ nicht verstanden.");
            assertThat(WORDS.why(copy, TestWords.ENGLISH)).isEqualTo(copy.errorMessage());
        }
    }

    @Test
    void anArchiveWithoutTheDetailStillImportsAndItsTurnReadsAsItsEnglish() throws IOException, InterruptedException {
        try (TransferHarness from = new TransferHarness(fromDir); TransferHarness to = new TransferHarness(toDir)) {
            Map<String, byte[]> older = changed(exportedWithAFailedTurn(from), m -> {
                ((ObjectNode) m.withArray("turns").get(0).get("error")).remove("detail");
                return m;
            });
            Map<String, byte[]> unreadable = changed(older, m -> {
                ((ObjectNode) m.withArray("turns").get(0).get("error")).putObject("detail").put("kind", "KindFromALaterBuild");
                return m;
            });

            Turn copy = imported(to, older);
            Turn later = imported(to, unreadable, "imported later");

            assertThat(copy.failure()).isEqualTo(new TurnFailure.Legacy(copy.errorMessage()));
            assertThat(WORDS.why(copy, TestWords.GERMAN)).as("only the English came along").startsWith("The offline editor didn't understand");
            assertThat(later.failure()).isEqualTo(new TurnFailure.Legacy(later.errorMessage()));
        }
    }

    @Test
    void aTurnExportedBeforeItFinishedImportsStoppedWithAReasonEachReaderReadsInItsLanguage() throws IOException, InterruptedException {
        try (TransferHarness from = new TransferHarness(fromDir); TransferHarness to = new TransferHarness(toDir)) {
            Map<String, byte[]> running = changed(exportedWithAFailedTurn(from), m -> {
                ObjectNode turn = (ObjectNode) m.withArray("turns").get(0);
                turn.put("status", "running");
                turn.remove("error");
                return m;
            });

            Turn copy = imported(to, running);

            assertThat(copy.status()).isEqualTo(TurnStatus.CANCELLED);
            assertThat(copy.errorCode()).isEqualTo("unfinished");
            assertThat(copy.failure()).isEqualTo(new TurnFailure.ExportedUnfinished());
            assertThat(copy.errorMessage()).isEqualTo("This turn had not finished when the session was exported.");
            assertThat(WORDS.why(copy, TestWords.GERMAN)).isEqualTo("Dieser Zug war noch nicht fertig, als die Sitzung exportiert wurde.");
        }
    }

    @Test
    void aDoneTurnsTypedShortfallTravelsWithTheArchive() throws IOException, InterruptedException {
        FakeProvider provider = new FakeProvider();
        List<GeneratedImage> three = List.of(variant(1), variant(2), variant(3));
        provider.scriptedPolls.add(new PollOutcome.Completed(three, Optional.of(new ProviderFailure.FellShort(3, 4,
                List.of(new ProviderFailure.Missed(ProviderFailure.Fate.NOT_RETURNED, "BFL", null))))));
        var limits = dev.kontextbot.engine.transfer.ImportLimits.of(50L * 1024 * 1024, 10_000_000);
        try (TransferHarness from = new TransferHarness(fromDir, limits, provider); TransferHarness to = new TransferHarness(toDir, limits)) {
            Turn turn = from.engine().start(new StartCommand(EngineHarness.thread("short"), "ana", PHOTO, "make it red",
                    ParamOverrides.builder().numImages(4).build(), null)).turn();
            Turn done = from.harness.awaitSettled(turn.id());
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            from.exporter.export(done.sessionId(), zip);

            Turn copy = imported(to, Zips.entries(zip.toByteArray()));

            assertThat(copy.status()).isEqualTo(TurnStatus.DONE);
            assertThat(copy.why()).isEmpty();
            assertThat(copy.shortfall()).contains("3 of 4 variants; 1 was not returned by BFL.");
            assertThat(WORDS.shortfall(copy, TestWords.GERMAN)).contains("3 von 4 Varianten; 1 wurde von BFL nicht geliefert.");
        }
    }

    private static GeneratedImage variant(int shade) {
        return GeneratedImage.of(TestImages.encode(TestImages.drawn(8, 8, (x, y) -> shade * 0x402010 + x), "png"), "image/png", shade);
    }
}
