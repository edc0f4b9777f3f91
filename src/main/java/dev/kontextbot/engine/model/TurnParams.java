package dev.kontextbot.engine.model;

import java.util.List;

/**
 * The complete parameters of one turn, after session defaults were applied. {@code aspectRatio} is null
 * when the turn keeps the input image's own ratio (Kontext's default for edits).
 */
public record TurnParams(
        ModelId model,
        AspectRatio aspectRatio,
        int numImages,
        double guidanceScale,
        OutputFormat outputFormat,
        int safetyTolerance,
        boolean enhancePrompt,
        long seed) {

    public static final int MAX_IMAGES = 4;
    public static final double DEFAULT_GUIDANCE = 3.5;
    public static final int DEFAULT_SAFETY = 2;
    /** The widest range any provider takes (BFL 0–6; fal and Runflow 1–6): each provider refuses what it lacks. */
    public static final int MIN_SAFETY = 0;
    public static final int MAX_SAFETY = 6;

    public TurnParams {
        if (model == null) {
            throw new InvalidParameterException("model", "model must be pro or max", new Rejected.NotOneOf("model", null, List.of("pro", "max")));
        }
        if (numImages < 1 || numImages > MAX_IMAGES) {
            throw new InvalidParameterException("num_images", "num_images must be between 1 and 4, not " + numImages,
                    new Rejected.OutOfRange("num_images", String.valueOf(numImages), "1", String.valueOf(MAX_IMAGES)));
        }
        if (Double.isNaN(guidanceScale) || guidanceScale < 1 || guidanceScale > 20) {
            throw new InvalidParameterException("guidance_scale", "guidance_scale must be between 1 and 20, not " + guidanceScale,
                    new Rejected.OutOfRange("guidance_scale", String.valueOf(guidanceScale), "1", "20"));
        }
        if (outputFormat == null) {
            throw new InvalidParameterException("output_format", "output_format must be jpeg, png or webp", OutputFormat.rejected(null));
        }
        if (safetyTolerance < MIN_SAFETY || safetyTolerance > MAX_SAFETY) {
            throw new InvalidParameterException("safety_tolerance", "safety_tolerance must be between " + MIN_SAFETY + " (strictest) and "
                    + MAX_SAFETY + ", not " + safetyTolerance,
                    new Rejected.OutOfRange("safety_tolerance", String.valueOf(safetyTolerance), String.valueOf(MIN_SAFETY), String.valueOf(MAX_SAFETY)));
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw new InvalidParameterException("seed", "seed must be between 0 and " + MAX_SEED + ", not " + seed,
                    new Rejected.OutOfRange("seed", String.valueOf(seed), "0", String.valueOf(MAX_SEED)));
        }
    }

    /** Seeds stay within 32 bits unsigned: every provider accepts that range. */
    public static final long MAX_SEED = 4_294_967_295L;

    /** The seed of variant {@code index} (0-based): consecutive seeds, as BFL's n-tasks mapping uses. */
    public long seedOf(int index) {
        return (seed + index) % (MAX_SEED + 1);
    }

    public TurnParams withSeed(long newSeed) {
        return new TurnParams(model, aspectRatio, numImages, guidanceScale, outputFormat, safetyTolerance, enhancePrompt, newSeed);
    }
}
