package dev.kontextbot.engine.port;

import java.io.UncheckedIOException;

/**
 * The image store cannot be reached right now (an object store that is down, refuses the bot's credentials for a while,
 * or answers "slow down"): like a database that is away, it passes, and {@link StoreFailures} treats it the same way —
 * a turn whose job is paid waits for it, a person is told to try again in a minute. An image that is simply not there
 * is a {@link java.nio.file.NoSuchFileException} instead.
 */
public final class ImageStoreUnavailable extends UncheckedIOException {
    public ImageStoreUnavailable(String message, java.io.IOException cause) {
        super(message, cause);
    }
}
