package dev.kontextbot.provider.comfyui;

import dev.kontextbot.provider.ProviderRoutes;

/**
 * {@code baseUrl}: the operator's ComfyUI (http://127.0.0.1:8188); {@code steps}: sampler steps a turn runs;
 * {@code workflows}: the checked graphs of {@code routes}.
 */
public record ComfyUiConfig(String baseUrl, ProviderRoutes routes, Workflows workflows, int steps, long maxResultBytes) {
    public ComfyUiConfig {
        baseUrl = baseUrl.replaceAll("/+$", "");
        if (steps < 1 || steps > 200) {
            throw new IllegalArgumentException("ComfyUI steps must be 1 to 200, not " + steps);
        }
    }
}
