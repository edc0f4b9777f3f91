package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.ArchiveProblem;
import dev.kontextbot.engine.model.Rejected;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.image.InspectedImage;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.port.FailureTexts;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.transfer.ArchiveManifest.ImageEntry;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates a session from an archive {@link SessionExporter} wrote: its images go into the image store, its
 * turns are recorded as they ended, and no provider is called. Everything is checked before anything is stored:
 * the zip (limits, names), the manifest (format version, consistency) and every image (the same inspection as an
 * upload, and its sha-256 against the manifest). Images are stored byte for byte as exported; an upload's EXIF
 * rotation already happened before its session stored it.
 */
public final class SessionImporter {
    private final SessionTransfers transfers;
    private final ImageStore images;
    private final ImageInspector inspector;
    private final ImportLimits limits;
    private final ManifestCodec codec = new ManifestCodec();
    private final FailureTexts texts;

    /** For importers whose turns' English nobody reads (tests): a reason the import gives is stored as data. */
    public SessionImporter(SessionTransfers transfers, ImageStore images, ImageInspector inspector, ImportLimits limits) {
        this(transfers, images, inspector, limits, FailureTexts.AS_DATA);
    }

    /** {@code texts}: the English kept next to a reason the import gives a turn (one exported unfinished). */
    public SessionImporter(SessionTransfers transfers, ImageStore images, ImageInspector inspector, ImportLimits limits, FailureTexts texts) {
        this.texts = texts;
        this.transfers = transfers;
        this.images = images;
        this.inspector = inspector;
        this.limits = limits;
    }

    /** The new session in {@code into} (a new thread); an {@link ArchiveRejection} says what is wrong with the archive. */
    public Session importArchive(InputStream zip, Conversation into) throws IOException {
        try (ZipArchiveReader archive = ZipArchiveReader.open(zip, limits)) {
            if (!archive.has(ArchiveManifest.FILE)) {
                throw ArchiveRejection.invalid("The archive has no manifest.json: it is not a session exported from kontext-bot.", new Rejected.ArchiveNoManifest());
            }
            ArchiveManifest manifest = manifest(archive.read(ArchiveManifest.FILE));
            ImportPlanner.Plan plan = new ImportPlanner(limits.maxTurns(), texts).plan(manifest, into);
            archive.newPass();
            Map<ImageEntry, InspectedImage> inspected = new LinkedHashMap<>();
            for (ImageEntry image : plan.images()) {
                inspected.put(image, inspect(image, archive.read(image.file())));
            }
            archive.newPass();
            for (Map.Entry<ImageEntry, InspectedImage> image : inspected.entrySet()) {
                InspectedImage checked = image.getValue();
                images.put(archive.read(image.getKey().file()), checked.format().mime(), checked.width(), checked.height());
            }
            return transfers.insert(plan.session());
        }
    }

    private ArchiveManifest manifest(byte[] json) {
        JsonNode tree;
        try {
            tree = codec.tree(json);
        } catch (JsonProcessingException e) {
            throw ArchiveRejection.manifest(new ArchiveProblem.NotJson(e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject() || !ArchiveManifest.FORMAT.equals(tree.path("format").asText(null))) {
            throw ArchiveRejection.invalid("manifest.json is not a kontext-bot session manifest (its format is not '"
                    + ArchiveManifest.FORMAT + "').", new Rejected.ArchiveNotAManifest(ArchiveManifest.FORMAT));
        }
        int version = tree.path("version").asInt(-1);
        if (!ArchiveManifest.READABLE.contains(version)) {
            throw ArchiveRejection.invalid("The archive is format version " + tree.path("version").asText("(none)")
                    + "; this kontext-bot imports versions 1 to " + ArchiveManifest.VERSION + ".",
                    new Rejected.ArchiveVersion(tree.path("version").asText("(none)"), ArchiveManifest.VERSION));
        }
        try {
            return codec.manifest(tree);
        } catch (JsonProcessingException e) {
            throw ArchiveRejection.manifest(new ArchiveProblem.DoesNotFit(version, e.getOriginalMessage()));
        }
    }

    private InspectedImage inspect(ImageEntry entry, byte[] bytes) {
        InspectedImage inspected;
        try {
            inspected = inspector.inspect(bytes);
        } catch (UnusableImageException e) {
            throw ArchiveRejection.invalid(entry.file() + ": " + e.getMessage(), new Rejected.ArchiveImage(entry.file(), e.rejected()));
        }
        if (!sha256(bytes).equals(entry.sha256())) {
            throw ArchiveRejection.invalid(entry.file() + " is not the image manifest.json lists (its sha-256 differs): the archive was changed or damaged.",
                    new Rejected.ArchiveImageChanged(entry.file()));
        }
        return inspected;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
