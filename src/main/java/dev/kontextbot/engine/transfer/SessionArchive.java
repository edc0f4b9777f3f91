package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.ImageId;

import java.util.List;

/**
 * What an export of one session writes: the manifest's bytes, the images by file name with their length and
 * CRC-32 (read once when the archive was planned), and the exact size of the zip. Images are content-addressed and never change, so writing the same
 * archive later gives the same bytes whatever happened to the session meanwhile.
 */
public record SessionArchive(long sessionId, String fileName, java.time.Instant exportedAt, byte[] manifest, List<Entry> images,
                             long sizeBytes) {
    public SessionArchive {
        images = List.copyOf(images);
    }

    /** One image file of the archive. */
    public record Entry(String name, ImageId image, long bytes, long crc32) {
    }
}
