package dev.kontextbot.engine.port;

import java.util.Optional;

/**
 * One variant as produced. {@code contextBytes} is a lossless rendition to feed the next turn when
 * {@code bytes} is lossy and the producer has one (the offline editor does); otherwise null, and the
 * original bytes are the context (never re-compressed by us). {@code url}: where the service still serves these bytes
 * (its result URL and how long it lasts), so the next turn can send that instead of the bytes.
 */
public record GeneratedImage(byte[] bytes, String mime, long seed, byte[] contextBytes, String contextMime, Optional<ImageUrl> url) {
    public GeneratedImage {
        url = url == null ? Optional.empty() : url;
    }

    public GeneratedImage(byte[] bytes, String mime, long seed, byte[] contextBytes, String contextMime) {
        this(bytes, mime, seed, contextBytes, contextMime, Optional.empty());
    }

    public static GeneratedImage of(byte[] bytes, String mime, long seed) {
        return new GeneratedImage(bytes, mime, seed, null, null);
    }

    /** Bytes downloaded from {@code url}. */
    public static GeneratedImage fetched(byte[] bytes, String mime, long seed, ImageUrl url) {
        return new GeneratedImage(bytes, mime, seed, null, null, Optional.of(url));
    }
}
