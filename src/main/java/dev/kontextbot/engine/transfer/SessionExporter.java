package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.SessionReview;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a session as a zip: {@code manifest.json} first, then every image at full quality, each streamed from
 * the image store into the zip as it is read. Entries are stored, not compressed (images are compressed already),
 * which makes the archive's size exact before it is written: chat adapters can check an upload limit first.
 * Callers check that the session is one their tenant may reach.
 */
public final class SessionExporter {
    /** Beyond this the zip would need ZIP64 records, which the exact size does not count. */
    private static final long MAX_ZIP_BYTES = 0xFFFF_FFFFL;
    private static final int LOCAL_HEADER = 30;
    private static final int CENTRAL_HEADER = 46;
    private static final int END_RECORD = 22;

    private final ConversationEngine engine;
    private final SessionRepository sessions;
    private final TurnRepository turns;
    private final SessionTransfers transfers;
    private final ImageStore images;
    private final Clock clock;
    private final String generator;
    private final ManifestCodec codec = new ManifestCodec();

    public SessionExporter(ConversationEngine engine, SessionRepository sessions, TurnRepository turns, SessionTransfers transfers,
                           ImageStore images, Clock clock, String generator) {
        this.engine = engine;
        this.sessions = sessions;
        this.turns = turns;
        this.transfers = transfers;
        this.images = images;
        this.clock = clock;
        this.generator = generator;
    }

    /**
     * The session as it is now, ready to write. Reads every image once (for its checksum), so an image missing
     * from the store fails here, before anything is written.
     */
    public SessionArchive plan(long sessionId) {
        SessionReview review = engine.review(sessionId);
        Session session = review.snapshot().session();
        Long origin = session.branchedFrom() == null ? null
                : turns.find(session.branchedFrom().turnId()).map(t -> t.sessionId()).orElse(null);
        Instant now = clock.instant();
        ManifestBuilder.Built built = new ManifestBuilder(this::stored).build(review, sessions.liveHeads(sessionId),
                transfers.votesOfSession(sessionId), origin, now, generator);
        byte[] manifest = codec.write(built.manifest());
        long size = entrySize(ArchiveManifest.FILE, manifest.length) + END_RECORD;
        List<SessionArchive.Entry> entries = new ArrayList<>();
        for (SessionArchive.Entry entry : built.images()) {
            size += entrySize(entry.name(), entry.bytes());
            entries.add(new SessionArchive.Entry(entry.name(), entry.image(), entry.bytes(), checksum(entry)));
        }
        if (size > MAX_ZIP_BYTES) {
            throw EngineRejection.invalid("Session " + sessionId + " is too large to export as one zip (" + size / (1024 * 1024) + " MB).",
                    new Rejected.ArchiveExportTooLarge(sessionId, size));
        }
        return new SessionArchive(sessionId, "kontext-session-" + sessionId + ".zip", now, manifest, entries, size);
    }

    /**
     * Writes the archive to {@code out} (which stays open), each image streamed from the store as it is read, and
     * returns the number of bytes written: always {@link SessionArchive#sizeBytes()}.
     */
    public long write(SessionArchive archive, OutputStream out) throws IOException {
        Counting counted = new Counting(out);
        ZipOutputStream zip = new ZipOutputStream(counted, StandardCharsets.UTF_8);
        long time = archive.exportedAt().toEpochMilli();
        CRC32 crc = new CRC32();
        crc.update(archive.manifest());
        zip.putNextEntry(stored(ArchiveManifest.FILE, archive.manifest().length, crc.getValue(), time));
        zip.write(archive.manifest());
        zip.closeEntry();
        for (SessionArchive.Entry entry : archive.images()) {
            zip.putNextEntry(stored(entry.name(), entry.bytes(), entry.crc32(), time));
            try (InputStream in = images.open(entry.image())) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
        if (counted.count != archive.sizeBytes()) {
            throw new IllegalStateException("the archive of session " + archive.sessionId() + " has " + counted.count
                    + " bytes, not the " + archive.sizeBytes() + " it was planned with");
        }
        return counted.count;
    }

    /** {@link #plan} and {@link #write} in one: what a chat command that uploads the zip calls. */
    public SessionArchive export(long sessionId, OutputStream out) throws IOException {
        SessionArchive archive = plan(sessionId);
        write(archive, out);
        return archive;
    }

    private StoredImage stored(ImageId id) {
        return images.find(id).orElseThrow(() -> new IllegalStateException("image " + id + " of a session is not in the image store"));
    }

    private long checksum(SessionArchive.Entry entry) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long length = 0;
        try (InputStream in = images.open(entry.image())) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                length += n;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("image " + entry.image() + " cannot be read from the image store", e);
        }
        if (length != entry.bytes()) {
            throw new IllegalStateException("image " + entry.image() + " has " + length + " bytes on disk, not " + entry.bytes());
        }
        return crc.getValue();
    }

    private static ZipEntry stored(String name, long size, long crc, long time) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        // Within the DOS date range, so no extra timestamp field changes the size computed by entrySize.
        entry.setTime(time);
        return entry;
    }

    private static long entrySize(String name, long bytes) {
        int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
        return LOCAL_HEADER + nameLength + bytes + CENTRAL_HEADER + nameLength;
    }

    /** Counts what passes through, to check the size promised by {@link #plan}. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
