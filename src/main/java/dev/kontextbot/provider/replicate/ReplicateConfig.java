package dev.kontextbot.provider.replicate;

import dev.kontextbot.provider.ProviderRoutes;

import java.time.Duration;

/**
 * {@code baseUrl}: https://api.replicate.com. {@code preferWait}: how long a create request may be held open for a job
 * that finishes quickly ({@code Prefer: wait=N}); short, because the engine owns waiting and no thread may block long.
 * {@code inlineMaxBytes}: an input without a URL Replicate may fetch goes inline as a data URI up to this size, and
 * through the files API above it (where it goes once, and later turns send its file URL).
 */
public record ReplicateConfig(String baseUrl, String apiToken, ProviderRoutes routes, long maxResultBytes, Duration preferWait,
                              long inlineMaxBytes) {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    /**
     * Replicate's guidance: data URIs for small files, the files API or a URL for larger ones [unverified: the exact
     * limit; 256 KiB keeps a small picture to one request and a photo off every turn's create].
     */
    public static final long DEFAULT_INLINE_MAX_BYTES = 256 * 1024;

    public ReplicateConfig {
        if (preferWait.isNegative() || preferWait.toSeconds() > 60) {
            throw new IllegalArgumentException("Replicate holds a request open for 1 to 60 seconds, not " + preferWait);
        }
        if (inlineMaxBytes < 0) {
            throw new IllegalArgumentException("the inline limit for Replicate's inputs must not be negative, not " + inlineMaxBytes);
        }
    }

    public ReplicateConfig(String baseUrl, String apiToken, ProviderRoutes routes, long maxResultBytes, Duration preferWait) {
        this(baseUrl, apiToken, routes, maxResultBytes, preferWait, DEFAULT_INLINE_MAX_BYTES);
    }

    @Override
    public String toString() {
        return "ReplicateConfig[baseUrl=" + baseUrl + ", apiToken=***]";
    }
}
