package dev.kontextbot.provider.runflow;

import dev.kontextbot.provider.ProviderRoutes;

/**
 * @param baseUrl          https://api.runflow.io
 * @param maxEnabled       whether Kontext [max] is offered, at the sibling path {@code …/flux-pro/kontext/max}, which no
 *                         Runflow page documents: off unless an operator has seen it work
 * @param cancelRoute      whether cancelling calls {@code POST /v1/runs/{id}/cancel}: not a documented route (Runflow's
 *                         docs say there is no public cancel), so off
 * @param maxAttempts      calls in a row for one request that keeps answering 5xx/429 (Runflow's docs: at most 5)
 * @param inlineMaxBytes   input images up to this size go inline as a data URI; larger ones through the asset upload
 */
public record RunflowConfig(String baseUrl, String apiKey, ProviderRoutes routes, long maxResultBytes, boolean maxEnabled,
                            boolean cancelRoute, int maxAttempts, long inlineMaxBytes) {
    /** What Runflow's docs ask for: at most 5 attempts. */
    public static final int DOCUMENTED_MAX_ATTEMPTS = 5;
    /** Runflow's upload guide: "< 1 MiB: inline base64 or a public URL is fine". */
    public static final long DOCUMENTED_INLINE_BYTES = 1024 * 1024;

    public RunflowConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("providers.runflow.max-attempts must be at least 1");
        }
        if (inlineMaxBytes < 0) {
            throw new IllegalArgumentException("providers.runflow.inline-max-kb must not be negative");
        }
    }

    /** The documented defaults: [max] and the cancel route off. */
    public RunflowConfig(String baseUrl, String apiKey, ProviderRoutes routes, long maxResultBytes) {
        this(baseUrl, apiKey, routes, maxResultBytes, false, false, DOCUMENTED_MAX_ATTEMPTS, DOCUMENTED_INLINE_BYTES);
    }

    @Override
    public String toString() {
        return "RunflowConfig[baseUrl=" + baseUrl + ", apiKey=***, maxEnabled=" + maxEnabled + ", cancelRoute=" + cancelRoute
                + ", maxAttempts=" + maxAttempts + ", inlineMaxBytes=" + inlineMaxBytes + "]";
    }
}
