package dev.kontextbot.engine.review;

import java.util.Set;

/** One output measured against one earlier image (its parent, or the session's source). */
public record Comparison(int fidelity, double ssim, int hashDistance, Set<QualityFlag> flags) {
    public Comparison {
        flags = Set.copyOf(flags);
    }
}
