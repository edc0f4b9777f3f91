package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.transfer.ImportLimits;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.SeveralImages;
import dev.kontextbot.testing.TestImages;
import dev.kontextbot.testing.Zips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Archive version 2 carries each turn's references; version 1 archives, which have none, still import. */
class ArchiveReferencesTest {
    static final byte[] PHOTO = TestImages.encode(Scenes.landscape(21, 120, 90), "png");
    static final byte[] HAT = TestImages.encode(Scenes.landscape(22, 60, 40), "png");
    static final byte[] COAT = TestImages.encode(Scenes.landscape(23, 40, 60), "png");

    @TempDir
    Path fromDir;
    @TempDir
    Path toDir;
    TransferHarness from;
    TransferHarness to;

    @BeforeEach
    void open() {
        ImportLimits limits = ImportLimits.of(50L * 1024 * 1024, 10_000_000);
        from = new TransferHarness(fromDir, limits, new SeveralImages(new TransferHarness.PricedOffline(), 4));
        to = new TransferHarness(toDir, limits, new SeveralImages(new TransferHarness.PricedOffline(), 4));
    }

    @AfterEach
    void close() throws InterruptedException {
        from.close();
        to.close();
    }

    private byte[] exported(long sessionId) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        from.exporter.export(sessionId, zip);
        return zip.toByteArray();
    }

    @Test
    void aTurnsReferencesTravelInOrderWithTheirImages() throws IOException {
        ConversationEngine engine = from.engine();
        var started = engine.start(StartCommand.of(EngineHarness.thread("refs"), "ana", List.of(PHOTO, HAT), "put image 2 in the corner",
                ParamOverrides.NONE, null));
        long id = started.session().id();
        from.harness.awaitSettled(started.turn().id());
        from.harness.awaitSettled(engine.refine(id, "ana", "the coat from image 2, the hat from image 3", ParamOverrides.NONE,
                List.of(COAT, HAT), null).id());
        byte[] zip = exported(id);

        JsonNode manifest = Zips.manifest(Zips.entries(zip));
        Session imported = to.importer.importArchive(new ByteArrayInputStream(zip), EngineHarness.thread("imported"));

        assertThat(manifest.get("version").asInt()).isEqualTo(3);
        assertThat(manifest.get("turns").get(0).get("references")).extracting(JsonNode::asText).containsExactly("images/turn-01-image2.png");
        assertThat(manifest.get("turns").get(1).get("references")).extracting(JsonNode::asText)
                .containsExactly("images/turn-02-image2.png", "images/turn-01-image2.png");
        List<Turn> turns = to.engine().snapshot(imported.id()).turns().stream().map(SessionSnapshot.TurnSnapshot::turn).toList();
        assertThat(turns.get(0).references()).hasSize(1);
        assertThat(turns.get(1).references()).hasSize(2);
        List<ImageId> second = turns.get(1).references();
        assertThat(to.harness.images.read(second.get(0))).isEqualTo(COAT);
        assertThat(to.harness.images.read(second.get(1))).isEqualTo(HAT);
        assertThat(to.harness.images.read(turns.get(0).references().get(0))).isEqualTo(HAT);
    }

    @Test
    void aVersionOneArchiveWithoutReferencesStillImports() throws IOException {
        ConversationEngine engine = from.engine();
        var started = engine.start(new StartCommand(EngineHarness.thread("old"), "ana", PHOTO, "sepia", ParamOverrides.NONE, null));
        from.harness.awaitSettled(started.turn().id());
        var files = Zips.entries(exported(started.session().id()));
        ObjectNode manifest = (ObjectNode) Zips.manifest(files);
        manifest.put("version", 1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("turns")).forEach(turn -> ((ObjectNode) turn).remove("references"));

        Session imported = to.importer.importArchive(new ByteArrayInputStream(Zips.zip(Zips.withManifest(files, manifest))),
                EngineHarness.thread("imported-v1"));

        List<SessionSnapshot.TurnSnapshot> turns = to.engine().snapshot(imported.id()).turns();
        assertThat(turns).hasSize(1);
        assertThat(turns.get(0).turn().prompt()).isEqualTo("sepia");
        assertThat(turns.get(0).turn().references()).isEmpty();
        assertThat(turns.get(0).variants()).isNotEmpty();
    }
}
