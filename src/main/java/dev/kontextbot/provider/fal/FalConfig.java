package dev.kontextbot.provider.fal;

import dev.kontextbot.provider.ProviderRoutes;

/** {@code baseUrl}: https://queue.fal.run (the queue API). */
public record FalConfig(String baseUrl, String apiKey, ProviderRoutes routes, long maxResultBytes) {
    @Override
    public String toString() {
        return "FalConfig[baseUrl=" + baseUrl + ", apiKey=***]";
    }
}
