package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.IMAGE;

/**
 * Images as files named by their sha-256 under {@code root/ab/cd/<sha>} (two levels keep directories small),
 * with a row per image for its type and size. Files are written to a temporary name and moved into place,
 * so a crash never leaves a half-written file under a real name.
 */
public final class FileImageStore implements ImageStore {
    private static final Logger log = LoggerFactory.getLogger(FileImageStore.class);
    private final Path root;
    private final DSLContext dsl;
    private final Clock clock;

    public FileImageStore(Path root, DSLContext dsl, Clock clock) {
        this.root = root;
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public StoredImage put(byte[] bytes, String mime, int width, int height) {
        ImageId id = new ImageId(sha256(bytes));
        Path file = pathOf(id);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), id.sha256(), ".part");
                Files.write(temp, bytes);
                moveIntoPlace(temp, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image " + id, e);
        }
        try {
            dsl.insertInto(IMAGE)
                    .set(IMAGE.SHA256, id.sha256())
                    .set(IMAGE.MIME, mime)
                    .set(IMAGE.WIDTH, width)
                    .set(IMAGE.HEIGHT, height)
                    .set(IMAGE.SIZE_BYTES, (long) bytes.length)
                    .set(IMAGE.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .onConflict(IMAGE.SHA256).doNothing()
                    .execute();
        } catch (IntegrityConstraintViolationException sameImageStoredConcurrently) {
            // Two turns produced identical bytes at the same moment; H2's emulated upsert lets both try. One row is right.
            log.debug("image {} was stored by a concurrent writer", id);
        }
        return new StoredImage(id, mime, width, height, bytes.length);
    }

    private static void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<StoredImage> find(ImageId id) {
        return dsl.selectFrom(IMAGE).where(IMAGE.SHA256.eq(id.sha256())).fetchOptional(row ->
                new StoredImage(id, row.getMime(), row.getWidth(), row.getHeight(), row.getSizeBytes()));
    }

    @Override
    public byte[] read(ImageId id) throws IOException {
        return Files.readAllBytes(pathOf(id));
    }

    @Override
    public InputStream open(ImageId id) throws IOException {
        return Files.newInputStream(pathOf(id));
    }

    private Path pathOf(ImageId id) {
        String sha = id.sha256();
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
