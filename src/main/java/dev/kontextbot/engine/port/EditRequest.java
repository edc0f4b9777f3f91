package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.TurnParams;

import java.util.Optional;

/** What a provider needs for one turn: the instruction, its parameters, and the context image (none: generate). */
public record EditRequest(String prompt, TurnParams params, Optional<SourceImage> image) {
    public EditRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is required");
        }
    }
}
