package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.transfer.ImportLimits;
import dev.kontextbot.testing.Scenes;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Archive version 3 carries what each turn sent the provider for its inputs; version 2 archives, without it, still import. */
class ArchiveInputBytesTest {
    static final byte[] PHOTO = TestImages.encode(Scenes.landscape(31, 120, 90), "png");

    @TempDir
    Path fromDir;
    @TempDir
    Path toDir;
    TransferHarness from;
    TransferHarness to;

    @BeforeEach
    void open() {
        ImportLimits limits = ImportLimits.of(50L * 1024 * 1024, 10_000_000);
        from = new TransferHarness(fromDir, limits, new FakeProvider());
        to = new TransferHarness(toDir, limits);
    }

    @AfterEach
    void close() throws InterruptedException {
        from.close();
        to.close();
    }

    private byte[] exportedTurn() throws IOException {
        var started = from.engine().start(new StartCommand(EngineHarness.thread("sent"), "ana", PHOTO, "sepia", ParamOverrides.NONE, null));
        from.harness.awaitSettled(started.turn().id());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        from.exporter.export(started.session().id(), zip);
        return zip.toByteArray();
    }

    private Turn onlyTurn(Session imported) {
        return to.engine().snapshot(imported.id()).turns().get(0).turn();
    }

    @Test
    void theInputBytesATurnSentTravelWithIt() throws IOException {
        byte[] zip = exportedTurn();

        JsonNode manifest = Zips.manifest(Zips.entries(zip));
        Session imported = to.importer.importArchive(new ByteArrayInputStream(zip), EngineHarness.thread("imported"));

        assertThat(manifest.get("turns").get(0).get("input_bytes_sent").asLong()).isEqualTo(PHOTO.length);
        assertThat(onlyTurn(imported).inputBytesSent()).isEqualTo(PHOTO.length);
    }

    @Test
    void aVersionTwoArchiveWithoutInputBytesStillImports() throws IOException {
        var files = Zips.entries(exportedTurn());
        ObjectNode manifest = (ObjectNode) Zips.manifest(files);
        manifest.put("version", 2);
        ((ArrayNode) manifest.get("turns")).forEach(turn -> ((ObjectNode) turn).remove("input_bytes_sent"));

        Session imported = to.importer.importArchive(new ByteArrayInputStream(Zips.zip(Zips.withManifest(files, manifest))),
                EngineHarness.thread("imported-v2"));

        assertThat(onlyTurn(imported).prompt()).isEqualTo("sepia");
        assertThat(onlyTurn(imported).inputBytesSent()).isNull();
    }
}
