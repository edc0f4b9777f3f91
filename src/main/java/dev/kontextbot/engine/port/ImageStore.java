package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Content-addressed image storage: the same bytes are stored once, under their sha-256. */
public interface ImageStore {

    /** Stores the bytes (a no-op when they are already stored) and returns what is known of them. */
    StoredImage put(byte[] bytes, String mime, int width, int height);

    Optional<StoredImage> find(ImageId id);

    /** The whole image, for one provider call. */
    byte[] read(ImageId id) throws IOException;

    /** A stream of the bytes, for serving without holding them in memory. */
    InputStream open(ImageId id) throws IOException;

    /**
     * A URL anyone can read the image from for {@code validFor}, without credentials (an object store's presigned URL),
     * so that a provider fetches it itself instead of the bot sending the bytes; empty when the store has none (a local
     * directory).
     */
    default Optional<URI> presignedUrl(ImageId id, Duration validFor) {
        return Optional.empty();
    }

    /**
     * Looks whether the store answers now, cheaply (an object store: one HEAD of its bucket); throws
     * {@link ImageStoreUnavailable} when it does not. A local directory has nothing to reach.
     */
    default void probe() {
    }
}
