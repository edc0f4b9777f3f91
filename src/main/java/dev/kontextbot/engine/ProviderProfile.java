package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ModelId;

import java.util.Map;
import java.util.Optional;

/**
 * The provider as interfaces describe it before a turn: its name, the instructions it understands when that is a
 * fixed set, an example it does well, whether the FLUX model settings mean anything to it, and what one image of
 * each tier costs (micro-dollars; 0 when free).
 */
public record ProviderProfile(String name, Optional<String> vocabulary, String example, boolean usesModelSettings,
                              Map<ModelId, Long> pricePerImageMicros) {
    public ProviderProfile {
        pricePerImageMicros = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pricePerImageMicros));
    }
}
