package dev.kontextbot.provider.replicate;

import dev.kontextbot.provider.ProviderRoutes;

import java.time.Duration;

/**
 * {@code baseUrl}: https://api.replicate.com. {@code preferWait}: how long a create request may be held open for a job
 * that finishes quickly ({@code Prefer: wait=N}); short, because the engine owns waiting and no thread may block long.
 */
public record ReplicateConfig(String baseUrl, String apiToken, ProviderRoutes routes, long maxResultBytes, Duration preferWait) {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    public ReplicateConfig {
        if (preferWait.isNegative() || preferWait.toSeconds() > 60) {
            throw new IllegalArgumentException("Replicate holds a request open for 1 to 60 seconds, not " + preferWait);
        }
    }

    @Override
    public String toString() {
        return "ReplicateConfig[baseUrl=" + baseUrl + ", apiToken=***]";
    }
}
