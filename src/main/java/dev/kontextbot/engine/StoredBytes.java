package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.ImageBytes;
import dev.kontextbot.engine.port.ImageStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An input's bytes read from the image store on first use only, then kept for the rest of that one provider call. */
final class StoredBytes implements ImageBytes {
    private final ImageStore images;
    private final ImageId image;
    /** Which image of its turn this is (1: the image to edit). */
    private final int number;
    private byte[] bytes;

    StoredBytes(ImageStore images, ImageId image, int number) {
        this.images = images;
        this.image = image;
        this.number = number;
    }

    @Override
    public synchronized byte[] read() {
        if (bytes == null) {
            try {
                bytes = images.read(image);
            } catch (IOException | UncheckedIOException e) {
                // UncheckedIOException: the store is out of reach (ImageStoreUnavailable); the turn's words are the same.
                throw new UnreadableImage(number, e);
            }
        }
        return bytes;
    }
}
