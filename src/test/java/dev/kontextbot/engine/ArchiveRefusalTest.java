package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.ArchiveProblem;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.transfer.ArchiveRejection;
import dev.kontextbot.engine.transfer.ImportLimits;
import dev.kontextbot.engine.transfer.SessionImporter;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import dev.kontextbot.testing.Zips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Archives that must not become sessions: each is refused with a message saying why, and leaves nothing behind. */
class ArchiveRefusalTest {
    /** What the person who imports is told, as the playground says it. */
    private static final RefusalWords SAID = new RefusalWords(TestWords.LANGUAGES, "playground");
    static final byte[] PHOTO = TestImages.encode(Scenes.landscape(5, 96, 64), "png");

    @TempDir
    Path dir;
    TransferHarness bot;
    Map<String, byte[]> valid;

    @BeforeEach
    void exportOne() throws IOException {
        bot = new TransferHarness(dir);
        var started = bot.engine().start(new StartCommand(EngineHarness.thread("s"), "ana", PHOTO, "sepia",
                ParamOverrides.builder().numImages(2).build(), null));
        bot.harness.awaitEnd(started.turn().id());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        bot.exporter.export(started.session().id(), zip);
        valid = Zips.entries(zip.toByteArray());
    }

    @AfterEach
    void close() throws InterruptedException {
        bot.close();
    }

    private void assertRefused(byte[] archive, String message) throws IOException {
        assertRefused(bot.importer, archive, message);
    }

    private void assertRefused(SessionImporter importer, byte[] archive, String message) throws IOException {
        long sessions = bot.stores.sessions().count();
        long files = bot.imageFiles();

        ArchiveRejection refused = catchThrowableOfType(() -> importer.importArchive(new ByteArrayInputStream(archive), EngineHarness.thread("import")),
                ArchiveRejection.class);
        assertThat(refused).as("refused").isNotNull();
        assertThat(SAID.explain(refused, TestWords.ENGLISH)).contains(message);

        assertThat(bot.stores.sessions().count()).isEqualTo(sessions);
        assertThat(bot.imageFiles()).isEqualTo(files);
    }

    private byte[] changed(UnaryOperator<ObjectNode> change) {
        return Zips.zip(Zips.withManifest(valid, change.apply(Zips.manifest(valid))));
    }

    @Test
    void theValidArchiveItselfImports() throws IOException {
        var session = bot.importer.importArchive(new ByteArrayInputStream(Zips.zip(valid)), EngineHarness.thread("import"));

        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
    }

    @Test
    void somethingThatIsNotAZip() throws IOException {
        assertRefused("just some notes".getBytes(StandardCharsets.UTF_8), "not a zip archive");
        assertRefused(PHOTO, "not a zip archive");
    }

    @Test
    void aZipWithoutAManifest() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.remove("manifest.json");
        assertRefused(Zips.zip(entries), "no manifest.json");
    }

    @Test
    void anotherFormatOrVersion() throws IOException {
        assertRefused(changed(m -> m.put("version", 4)), "format version 4; this kontext-bot imports versions 1 to 3");
        assertRefused(changed(m -> m.put("format", "photo album")), "not a kontext-bot session manifest");
        assertRefused(Zips.zip(Map.of("manifest.json", "{\"format\":".getBytes(StandardCharsets.UTF_8))), "not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.png", "images/../../evil.png", "/etc/evil.png", "images\\..\\evil.png", "C:/evil.png"})
    void entryNamesThatPointOutsideTheArchive(String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.put(name, PHOTO);
        assertRefused(Zips.zip(entries), "points outside the archive");
    }

    @Test
    void entriesASessionArchiveNeverHas() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.put("images/sub/deeper.png", PHOTO);
        assertRefused(Zips.zip(entries), "unexpected entry 'images/sub/deeper.png'");
    }

    @Test
    void tooManyEntries() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        for (int i = 0; i < 2_000; i++) {
            entries.put("images/extra-" + i + ".png", new byte[]{1});
        }
        assertRefused(Zips.zip(entries), "at most 2000 can be imported");
    }

    @Test
    void anImageThatUnpacksBeyondTheLimitAZipBomb() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        // Zeros deflate to almost nothing: a few kilobytes of zip that would unpack to 12 MB.
        entries.put("images/bomb.png", new byte[12_000_000]);
        byte[] zip = Zips.zip(entries);
        assertThat(zip.length).isLessThan(200_000);
        assertRefused(zip, "images/bomb.png unpacks to 11.4 MB; the limit is 9.5 MB");
    }

    @Test
    void anArchiveOverItsSizeOrUnpackingToMoreThanItsTotal() throws IOException {
        byte[] zip = Zips.zip(valid);
        long unpacked = valid.values().stream().mapToLong(b -> b.length).sum();
        ImageInspector inspector = new ImageInspector(10_000_000, 40_000_000);

        assertRefused(new SessionImporter(bot.transfers, bot.stores.images(), inspector, new ImportLimits(zip.length - 1, 100, 10_000_000,
                10_000_000, 1_000_000, 10)), zip, "larger than");
        assertRefused(new SessionImporter(bot.transfers, bot.stores.images(), inspector, new ImportLimits(10_000_000, 100, unpacked - 1,
                10_000_000, 1_000_000, 10)), zip, "The archive unpacks to");
        assertRefused(new SessionImporter(bot.transfers, bot.stores.images(), inspector, new ImportLimits(10_000_000, 100, 10_000_000,
                10_000_000, 1_000_000, 1)), changed(m -> {
                    m.withArray("turns").add(m.withArray("turns").get(0).deepCopy());
                    return m;
                }), "at most 1 can be imported");
    }

    @Test
    void anImageThatIsNotOne() throws IOException {
        byte[] text = "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.put("images/source.png", text);
        ObjectNode manifest = Zips.manifest(entries);
        ((ObjectNode) manifest.withArray("images").get(0)).put("sha256", sha256(text));

        assertRefused(Zips.zip(Zips.withManifest(entries, manifest)), "images/source.png: That file is not an image I can use");
    }

    @Test
    void anImageChangedAfterExport() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.put("images/source.png", TestImages.encode(Scenes.landscape(6, 96, 64), "png"));
        assertRefused(Zips.zip(entries), "images/source.png is not the image manifest.json lists");
    }

    @Test
    void anImageTheManifestNamesButTheZipLacks() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.remove("images/turn-01-v2.jpg");
        assertRefused(Zips.zip(entries), "The archive has no images/turn-01-v2.jpg");
    }

    @Test
    void aManifestThatContradictsItselfOrTheProduct() throws IOException {
        assertRefused(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0).get("params")).put("guidance_scale", 50);
            return m;
        }), "Turn " + turnId() + ": guidance_scale must be between 1 and 20");
        assertRefused(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0).withArray("variants").get(0)).put("votes", 1);
            return m;
        }), "says 1 votes but the archive lists 0");
        assertRefused(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0).withArray("variants").get(0)).put("image", "images/nowhere.png");
            return m;
        }), "which manifest.json does not list among its images");
        assertRefused(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0)).put("kind", "teleport");
            return m;
        }), "unknown kind 'teleport'");
        assertRefused(changed(m -> {
            ((ObjectNode) m.get("session")).put("head", "images/source.png");
            return m;
        }), "head is not the last image of its head_history");
    }

    @Test
    void whatIsWrongInAManifestIsDataTheAdapterPutsInWords() throws IOException {
        long turn = turnId();
        String source = Zips.manifest(valid).get("session").get("source").asText();
        assertProblem(changed(m -> {
            m.remove("session");
            return m;
        }), new ArchiveProblem.NoSession());
        assertProblem(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0)).put("status", "running");
            return m;
        }), new ArchiveProblem.VariantsNotDone(turn, TurnStatus.CANCELLED));
        assertProblem(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0).withArray("variants").get(0)).put("votes", 1);
            return m;
        }), new ArchiveProblem.VoteCount(turn, 0, 1, 0));
        assertProblem(changed(m -> {
            ((ObjectNode) m.get("session")).put("owner", " ");
            return m;
        }), new ArchiveProblem.TextMissing(ArchiveProblem.Field.of(new ArchiveProblem.InSession(), "owner")));
        assertProblem(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0)).putArray("references").add("images/nowhere.png");
            return m;
        }), new ArchiveProblem.ImageNotListed(new ArchiveProblem.Field(new ArchiveProblem.InTurn(turn), "image", 2), "images/nowhere.png"));
        assertProblem(changed(m -> {
            ((ObjectNode) m.withArray("images").get(0)).put("sha256", "abc");
            return m;
        }), new ArchiveProblem.ImageSha(source));
        assertProblem(changed(m -> {
            ((ObjectNode) m.withArray("turns").get(0).get("params")).remove("seed");
            return m;
        }), new ArchiveProblem.ParamsIncomplete(turn));
        assertProblem(changed(m -> {
            ((ObjectNode) m.get("session")).putObject("defaults").put("output_format", "gif");
            return m;
        }), new ArchiveProblem.BadDefaults(new Rejected.NotOneOf("output_format", "gif", List.of("jpeg", "png", "webp"))));
    }

    private void assertProblem(byte[] archive, ArchiveProblem problem) {
        ArchiveRejection refused = catchThrowableOfType(() -> bot.importer.importArchive(new ByteArrayInputStream(archive), EngineHarness.thread("import")),
                ArchiveRejection.class);
        assertThat(refused).as("refused with %s", problem).isNotNull();
        assertThat(refused.rejected()).contains(new Rejected.ArchiveManifestProblem(problem));
        assertThat(refused.tooLarge()).isFalse();
    }

    private long turnId() {
        return Zips.manifest(valid).withArray("turns").get(0).get("id").asLong();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
