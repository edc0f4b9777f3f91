package dev.kontextbot.provider.bfl;

import dev.kontextbot.provider.ProviderRoutes;

/** {@code baseUrl}: https://api.bfl.ai, or a regional host (api.eu.bfl.ai, api.us.bfl.ai). */
public record BflConfig(String baseUrl, String apiKey, ProviderRoutes routes, long maxResultBytes) {
    @Override
    public String toString() {
        return "BflConfig[baseUrl=" + baseUrl + ", apiKey=***]";
    }
}
