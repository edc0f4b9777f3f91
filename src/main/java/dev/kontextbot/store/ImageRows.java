package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.IMAGE;

/**
 * What every image store keeps in the database besides the bytes: one row per image with its type and size, so that
 * {@code find} answers without touching the bytes, and every instance on the database sees the same rows. Also the
 * content address both stores name the bytes by.
 */
final class ImageRows {
    private static final Logger log = LoggerFactory.getLogger(ImageRows.class);
    private final DSLContext dsl;
    private final Clock clock;

    ImageRows(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    static ImageId idOf(byte[] bytes) {
        try {
            return new ImageId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code ab}, {@code cd}, {@code <sha>}: two levels keep a directory (or a listing) small. */
    static List<String> segments(ImageId id) {
        String sha = id.sha256();
        return List.of(sha.substring(0, 2), sha.substring(2, 4), sha);
    }

    StoredImage record(ImageId id, String mime, int width, int height, long sizeBytes) {
        try {
            dsl.insertInto(IMAGE)
                    .set(IMAGE.SHA256, id.sha256())
                    .set(IMAGE.MIME, mime)
                    .set(IMAGE.WIDTH, width)
                    .set(IMAGE.HEIGHT, height)
                    .set(IMAGE.SIZE_BYTES, sizeBytes)
                    .set(IMAGE.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .onConflict(IMAGE.SHA256).doNothing()
                    .execute();
        } catch (IntegrityConstraintViolationException sameImageStoredConcurrently) {
            // Two turns produced identical bytes at the same moment; H2's emulated upsert lets both try. One row is right.
            log.debug("image {} was stored by a concurrent writer", id);
        }
        return new StoredImage(id, mime, width, height, sizeBytes);
    }

    Optional<StoredImage> find(ImageId id) {
        return dsl.selectFrom(IMAGE).where(IMAGE.SHA256.eq(id.sha256())).fetchOptional(row ->
                new StoredImage(id, row.getMime(), row.getWidth(), row.getHeight(), row.getSizeBytes()));
    }
}
