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

    /** Overrides named one by one: {@code ParamOverrides.builder().numImages(2).seed(42L).build()}; what is not set stays absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these overrides. */
    public Builder toBuilder() {
        return new Builder().model(model).aspectRatio(aspectRatio).numImages(numImages).guidanceScale(guidanceScale)
                .outputFormat(outputFormat).safetyTolerance(safetyTolerance).enhancePrompt(enhancePrompt).seed(seed);
    }

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
        return toBuilder().seed(null).build();
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

    /** Builds {@link ParamOverrides}; every setter takes null for "absent", so parsed optional values pass straight through. */
    public static final class Builder {
        private ModelId model;
        private AspectRatio aspectRatio;
        private Integer numImages;
        private Double guidanceScale;
        private OutputFormat outputFormat;
        private Integer safetyTolerance;
        private Boolean enhancePrompt;
        private Long seed;

        private Builder() {
        }

        public Builder model(ModelId model) {
            this.model = model;
            return this;
        }

        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = aspectRatio;
            return this;
        }

        public Builder numImages(Integer numImages) {
            this.numImages = numImages;
            return this;
        }

        public Builder guidanceScale(Double guidanceScale) {
            this.guidanceScale = guidanceScale;
            return this;
        }

        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        public Builder safetyTolerance(Integer safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        public Builder enhancePrompt(Boolean enhancePrompt) {
            this.enhancePrompt = enhancePrompt;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public ParamOverrides build() {
            return new ParamOverrides(model, aspectRatio, numImages, guidanceScale, outputFormat, safetyTolerance, enhancePrompt, seed);
        }
    }
}
