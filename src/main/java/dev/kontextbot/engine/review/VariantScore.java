package dev.kontextbot.engine.review;

import java.util.EnumSet;
import java.util.Set;

/**
 * How much of its parent a variant kept, computed here from the pixels. {@code fidelity} 0–100 combines
 * {@code ssim} (structural similarity of the luminance, −1…1) and {@code hashDistance} (differing bits of
 * two 64-bit perceptual hashes, 0–64). {@code sourceFidelity}: the same measure against the session's
 * source image, or null when the session started from text alone.
 */
public record VariantScore(int fidelity, double ssim, int hashDistance, Set<QualityFlag> flags, Integer sourceFidelity) {
    public VariantScore {
        if (fidelity < 0 || fidelity > 100) {
            throw new IllegalArgumentException("fidelity must be 0–100, got " + fidelity);
        }
        if (hashDistance < 0 || hashDistance > 64) {
            throw new IllegalArgumentException("hash distance must be 0–64, got " + hashDistance);
        }
        if (sourceFidelity != null && (sourceFidelity < 0 || sourceFidelity > 100)) {
            throw new IllegalArgumentException("source fidelity must be 0–100, got " + sourceFidelity);
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }
}
