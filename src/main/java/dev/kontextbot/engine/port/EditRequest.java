package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.TurnParams;

import java.util.List;
import java.util.Optional;

/**
 * What a provider needs for one turn: the instruction, its parameters, and its images in order — image 1 is the one
 * edited (the session's head), images 2..N are the extra references the instruction may name ("the hat from image
 * 2"); none: generate from text. {@code started}: the job as far as it was accepted, when the engine sends the rest of
 * it (see {@link SubmitOutcome.Submitted#unsent()}); the provider then sends only what is missing and answers Submitted.
 * {@code sent}: where the provider counts the input bytes it sends (see {@link SentBytes}).
 */
public record EditRequest(String prompt, TurnParams params, List<SourceImage> images, Optional<String> started, SentBytes sent) {
    public EditRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is required");
        }
        images = List.copyOf(images);
        sent = sent == null ? new SentBytes() : sent;
    }

    public EditRequest(String prompt, TurnParams params, List<SourceImage> images, Optional<String> started) {
        this(prompt, params, images, started, new SentBytes());
    }

    public EditRequest(String prompt, TurnParams params, List<SourceImage> images) {
        this(prompt, params, images, Optional.empty(), new SentBytes());
    }

    /** Image 1, the one edited; empty when the turn generates from text. */
    public Optional<SourceImage> image() {
        return images.stream().findFirst();
    }

    /** Images 2..N, in the order the person gave them. */
    public List<SourceImage> references() {
        return images.size() < 2 ? List.of() : images.subList(1, images.size());
    }
}
