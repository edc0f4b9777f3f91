package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

/**
 * Images as files named by their sha-256 under {@code root/ab/cd/<sha>} (two levels keep directories small),
 * with a row per image for its type and size. Files are written to a temporary name and moved into place,
 * so a crash never leaves a half-written file under a real name.
 */
public final class FileImageStore implements ImageStore {
    private final Path root;
    private final ImageRows rows;

    public FileImageStore(Path root, DSLContext dsl, Clock clock) {
        this.root = root;
        this.rows = new ImageRows(dsl, clock);
    }

    @Override
    public StoredImage put(byte[] bytes, String mime, int width, int height) {
        ImageId id = ImageRows.idOf(bytes);
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
        return rows.record(id, mime, width, height, bytes.length);
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
        return rows.find(id);
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
        Path path = root;
        for (String segment : ImageRows.segments(id)) {
            path = path.resolve(segment);
        }
        return path;
    }
}
