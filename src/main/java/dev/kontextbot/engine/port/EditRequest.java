package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.TurnParams;

import java.util.Optional;

/**
 * What a provider needs for one turn: the instruction, its parameters, and the context image (none: generate).
 * {@code started}: the job as far as it was accepted, when the engine sends the rest of it (see {@link
 * SubmitOutcome.Submitted#unsent()}); the provider then sends only what is missing and answers Submitted.
 */
public record EditRequest(String prompt, TurnParams params, Optional<SourceImage> image, Optional<String> started) {
    public EditRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is required");
        }
    }

    public EditRequest(String prompt, TurnParams params, Optional<SourceImage> image) {
        this(prompt, params, image, Optional.empty());
    }
}
