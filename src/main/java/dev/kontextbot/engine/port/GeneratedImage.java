package dev.kontextbot.engine.port;

/**
 * One variant as produced. {@code contextBytes} is a lossless rendition to feed the next turn when
 * {@code bytes} is lossy and the producer has one (the offline editor does); otherwise null, and the
 * original bytes are the context (never re-compressed by us).
 */
public record GeneratedImage(byte[] bytes, String mime, long seed, byte[] contextBytes, String contextMime) {
    public static GeneratedImage of(byte[] bytes, String mime, long seed) {
        return new GeneratedImage(bytes, mime, seed, null, null);
    }
}
