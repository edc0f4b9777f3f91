package dev.kontextbot.provider.runflow;

import dev.kontextbot.provider.ImagePrices;

/** {@code baseUrl}: https://api.runflow.io. */
public record RunflowConfig(String baseUrl, String apiKey, ImagePrices prices, long maxResultBytes) {
    @Override
    public String toString() {
        return "RunflowConfig[baseUrl=" + baseUrl + ", apiKey=***]";
    }
}
