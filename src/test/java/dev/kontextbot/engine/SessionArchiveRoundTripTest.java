package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.transfer.SessionTransfers.CastVote;
import dev.kontextbot.engine.transfer.SessionArchive;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session with every kind of history (variants, a JPEG output beside its PNG context, a failed turn, a reroll,
 * votes that pick, a pick then an undo, an uploaded head) exported from one installation and imported into another.
 */
class SessionArchiveRoundTripTest {
    static final byte[] PHOTO = TestImages.encode(Scenes.landscape(11, 160, 120), "png");
    static final byte[] UPLOAD = TestImages.encode(Scenes.landscape(12, 120, 160), "png");

    @TempDir
    Path fromDir;
    @TempDir
    Path toDir;
    TransferHarness from;
    TransferHarness to;

    @BeforeEach
    void open() {
        from = new TransferHarness(fromDir);
        to = new TransferHarness(toDir);
    }

    @AfterEach
    void close() throws InterruptedException {
        from.close();
        to.close();
    }

    private Turn finished(Turn turn) {
        return from.harness.awaitSettled(turn.id());
    }

    private long recordedSession() {
        ConversationEngine engine = from.engine();
        var started = engine.start(new StartCommand(EngineHarness.thread("original"), "ana", PHOTO, "sepia",
                ParamOverrides.builder().numImages(2).guidanceScale(4.5).safetyTolerance(3).enhancePrompt(true).build(), null));
        long id = started.session().id();
        Turn first = finished(started.turn());
        Turn second = finished(engine.refine(id, "bo", "rotate 90 and add a vignette",
                ParamOverrides.builder().numImages(3).outputFormat(dev.kontextbot.engine.model.OutputFormat.PNG).seed(77L).build(), null));
        finished(engine.refine(id, "ana", "make it sound like jazz", ParamOverrides.NONE, null));
        finished(engine.reroll(id, second.id(), "cy", null));
        // Two votes reach the rule (EngineHarness: two votes pick); one more sits on the first turn.
        engine.vote(id, new VariantRef(second.id(), 1), "bo", true);
        engine.vote(id, new VariantRef(second.id(), 1), "cy", true);
        engine.vote(id, new VariantRef(first.id(), 0), "dee", true);
        engine.pick(id, new VariantRef(first.id(), 1), "ana");
        engine.undo(id, "ana");
        engine.replaceHead(id, UPLOAD, "ana");
        finished(engine.refine(id, "ana", "invert", ParamOverrides.NONE, null));
        return id;
    }

    @Test
    void anImportedSessionHasTheSameTurnsParametersSeedsPicksVotesScoresAndImages() throws IOException {
        long id = recordedSession();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        SessionArchive archive = from.exporter.export(id, zip);
        Session imported = to.importer.importArchive(new ByteArrayInputStream(zip.toByteArray()), EngineHarness.thread("imported"));

        assertThat(zip.size()).isEqualTo(archive.sizeBytes());
        SessionReview before = from.engine().review(id);
        SessionReview after = to.engine().review(imported.id());
        assertThat(after.snapshot().session().source()).isEqualTo(before.snapshot().session().source());
        assertThat(after.snapshot().session().head()).isEqualTo(before.snapshot().session().head());
        assertThat(after.snapshot().session().owner()).isEqualTo("ana");
        assertThat(after.snapshot().session().defaults()).isEqualTo(before.snapshot().session().defaults());
        assertThat(after.drift()).isEqualTo(before.drift());

        List<SessionSnapshot.TurnSnapshot> was = before.snapshot().turns();
        List<SessionSnapshot.TurnSnapshot> is = after.snapshot().turns();
        assertThat(is).hasSize(5);
        Map<Long, Long> newIds = new HashMap<>();
        for (int i = 0; i < was.size(); i++) {
            Turn a = was.get(i).turn();
            Turn b = is.get(i).turn();
            newIds.put(a.id(), b.id());
            assertThat(b.kind()).isEqualTo(a.kind());
            assertThat(b.prompt()).isEqualTo(a.prompt());
            assertThat(b.params()).isEqualTo(a.params());
            assertThat(b.status()).isEqualTo(a.status());
            assertThat(b.errorMessage()).isEqualTo(a.errorMessage());
            assertThat(b.costMicros()).isEqualTo(a.costMicros());
            assertThat(b.requestedBy()).isEqualTo(a.requestedBy());
            assertThat(b.parent()).isEqualTo(a.parent());
            assertThat(b.createdAt()).isEqualTo(a.createdAt());
            assertThat(b.finishedAt()).isEqualTo(a.finishedAt());
            assertThat(b.rerolledFrom()).isEqualTo(a.rerolledFrom() == null ? null : newIds.get(a.rerolledFrom()));
            assertThat(is.get(i).picked()).isEqualTo(was.get(i).picked());
            assertThat(is.get(i).variants()).hasSameSizeAs(was.get(i).variants());
            for (int v = 0; v < was.get(i).variants().size(); v++) {
                Variant x = was.get(i).variants().get(v);
                Variant y = is.get(i).variants().get(v);
                assertThat(y.index()).isEqualTo(x.index());
                assertThat(y.seed()).isEqualTo(x.seed());
                assertThat(y.votes()).isEqualTo(x.votes());
                assertThat(to.harness.images.read(y.image())).isEqualTo(from.harness.images.read(x.image()));
                assertThat(to.harness.images.read(y.context())).isEqualTo(from.harness.images.read(x.context()));
                assertThat(after.scores().get(y.ref())).isEqualTo(before.scores().get(x.ref()));
            }
        }
        assertThat(to.harness.images.read(is.get(4).turn().parent())).isEqualTo(UPLOAD);
        assertThat(is.get(2).turn().status()).isEqualTo(TurnStatus.FAILED);
        assertThat(is.get(0).variants().get(0).image()).isNotEqualTo(is.get(0).variants().get(0).context());
        assertThat(after.scores()).hasSize(before.scores().size()).isNotEmpty();
        assertThat(votes(to, imported.id())).isEqualTo(votes(from, id).stream()
                .map(v -> new CastVote(new VariantRef(newIds.get(v.variant().turnId()), v.variant().index()), v.voter(), v.castAt())).toList());
        assertThat(votes(to, imported.id())).extracting(CastVote::voter).containsExactlyInAnyOrder("bo", "cy", "dee");
    }

    private static List<CastVote> votes(TransferHarness where, long sessionId) {
        return where.transfers.votesOfSession(sessionId);
    }

    @Test
    void theUndoneAndUploadedHistoryCarriesOverSoUndoGoesBackAsItWouldHave() throws IOException {
        long id = recordedSession();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        from.exporter.export(id, zip);
        Session imported = to.importer.importArchive(new ByteArrayInputStream(zip.toByteArray()), EngineHarness.thread("imported"));

        List<ImageId> undoneFrom = new ArrayList<>();
        List<ImageId> undoneTo = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            undoneFrom.add(from.engine().undo(id, "ana").head());
            undoneTo.add(to.engine().undo(imported.id(), "ana").head());
        }

        assertThat(undoneTo).isEqualTo(undoneFrom);
    }

    @Test
    void theArchiveHoldsTheManifestFirstThenEachImageOnceNamedByTurnAndVariant() throws IOException {
        long id = recordedSession();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        from.exporter.export(id, zip);

        List<String> names = new ArrayList<>();
        JsonNode manifest = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                if (entry.getName().equals("manifest.json")) {
                    manifest = new ObjectMapper().readTree(in.readAllBytes());
                }
            }
        }

        assertThat(names.get(0)).isEqualTo("manifest.json");
        assertThat(names).contains("images/source.png", "images/turn-01-v1.jpg", "images/turn-01-v1-context.png",
                "images/turn-02-v3.png", "images/upload-1.png").doesNotHaveDuplicates();
        assertThat(names).noneMatch(name -> name.startsWith("images/turn-02-v1-context"));
        assertThat(manifest.get("format").asText()).isEqualTo("kontext-bot session");
        assertThat(manifest.get("version").asInt()).isEqualTo(3);
        assertThat(manifest.get("session").get("owner").asText()).isEqualTo("ana");
        JsonNode second = manifest.get("turns").get(1);
        assertThat(second.get("prompt").asText()).isEqualTo("rotate 90 and add a vignette");
        assertThat(second.get("params").get("seed").asLong()).isEqualTo(77);
        assertThat(second.get("params").get("output_format").asText()).isEqualTo("png");
        assertThat(second.get("requester").asText()).isEqualTo("bo");
        assertThat(second.get("cost_usd").asDouble()).isEqualTo(0.12);
        assertThat(second.get("variants").get(1).get("votes").asInt()).isEqualTo(2);
        assertThat(second.get("variants").get(1).get("picked").asBoolean()).isTrue();
        assertThat(second.get("variants").get(1).get("score").get("fidelity").asInt()).isBetween(1, 100);
        assertThat(manifest.get("turns").get(2).get("error").get("message").asText()).isNotBlank();
        assertThat(manifest.get("votes")).hasSize(3);
        assertThat(manifest.get("total_cost_usd").asDouble()).isGreaterThan(0.3);
        assertThat(manifest.get("images")).hasSize(names.size() - 1);
    }
}
