package dev.kontextbot.engine.model;

import java.util.function.LongSupplier;

/**
 * Parameters as a person gave them: any may be absent (null) and then comes from the session's defaults,
 * then from the product defaults. Values are checked when the overrides are resolved into {@link TurnParams}.
 */
public record ParamOverrides(
        ModelId model,
        AspectRatio aspectRatio,
        Integer numImages,
        Double guidanceScale,
        OutputFormat outputFormat,
        Integer safetyTolerance,
        Boolean enhancePrompt,
        Long seed) {

    public static final ParamOverrides NONE = new ParamOverrides(null, null, null, null, null, null, null, null);

    /** Every parameter of {@code params}, as overrides. */
    public static ParamOverrides of(TurnParams p) {
        return new ParamOverrides(p.model(), p.aspectRatio(), p.numImages(), p.guidanceScale(), p.outputFormat(),
                p.safetyTolerance(), p.enhancePrompt(), p.seed());
    }

    /** These overrides where given, else {@code fallback}'s. */
    public ParamOverrides over(ParamOverrides fallback) {
        return new ParamOverrides(
                model != null ? model : fallback.model,
                aspectRatio != null ? aspectRatio : fallback.aspectRatio,
                numImages != null ? numImages : fallback.numImages,
                guidanceScale != null ? guidanceScale : fallback.guidanceScale,
                outputFormat != null ? outputFormat : fallback.outputFormat,
                safetyTolerance != null ? safetyTolerance : fallback.safetyTolerance,
                enhancePrompt != null ? enhancePrompt : fallback.enhancePrompt,
                seed != null ? seed : fallback.seed);
    }

    /** The same overrides without a seed: a session default must not pin every later turn's seed. */
    public ParamOverrides withoutSeed() {
        return new ParamOverrides(model, aspectRatio, numImages, guidanceScale, outputFormat, safetyTolerance, enhancePrompt, null);
    }

    /** Complete parameters: product defaults fill what is still absent; a missing seed is drawn at random. */
    public TurnParams resolve(LongSupplier randomSeed) {
        return new TurnParams(
                model != null ? model : ModelId.KONTEXT_PRO,
                aspectRatio,
                numImages != null ? numImages : 1,
                guidanceScale != null ? guidanceScale : TurnParams.DEFAULT_GUIDANCE,
                outputFormat != null ? outputFormat : OutputFormat.JPEG,
                safetyTolerance != null ? safetyTolerance : TurnParams.DEFAULT_SAFETY,
                enhancePrompt != null && enhancePrompt,
                seed != null ? seed : randomSeed.getAsLong());
    }
}
