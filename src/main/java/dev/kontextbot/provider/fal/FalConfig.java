package dev.kontextbot.provider.fal;

import dev.kontextbot.provider.ProviderRoutes;

import java.net.URI;

/**
 * {@code baseUrl}: https://queue.fal.run (the queue API). {@code inlineMaxBytes}: an input without a URL fal can fetch
 * goes inline up to this size, a larger one through fal's storage (for a small one, two more round trips cost more than
 * they save).
 */
public record FalConfig(String baseUrl, String apiKey, ProviderRoutes routes, long maxResultBytes, long inlineMaxBytes) {
    /**
     * At 20 Mbit/s a 256 KiB image's data URI takes ≈ 140 ms, about what the upload's two round trips take; from there
     * on an upload saves time now and on every later turn with the same image.
     */
    public static final long INLINE_MAX_BYTES = 256 * 1024;

    public FalConfig(String baseUrl, String apiKey, ProviderRoutes routes, long maxResultBytes) {
        this(baseUrl, apiKey, routes, maxResultBytes, INLINE_MAX_BYTES);
    }

    /**
     * Where fal's storage upload is: {@code https://rest.fal.ai} beside the public queue; a proxy or a fake at another
     * base is asked there too (one that does not serve it answers 404, and the images go inline).
     */
    public String storageUrl() {
        String base = baseUrl.replaceAll("/+$", "");
        return "queue.fal.run".equals(URI.create(base).getHost()) ? "https://rest.fal.ai" : base;
    }

    @Override
    public String toString() {
        return "FalConfig[baseUrl=" + baseUrl + ", apiKey=***]";
    }
}
