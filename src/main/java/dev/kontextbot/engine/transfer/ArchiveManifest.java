package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnParams;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json} of a session archive (docs/playground.md, "Export and import"), written and read by Jackson with
 * snake_case names. Images are named by their file in the archive; turns and variants keep the ids they had
 * where they were exported. {@code picked} and {@code head} of a variant are derived from {@code head_history}
 * and only informative on import.
 */
public record ArchiveManifest(String format, int version, Instant exportedAt, String generator, SessionEntry session,
                              List<ImageEntry> images, List<TurnEntry> turns, List<VoteEntry> votes,
                              List<HeadEntry> headHistory, long totalCostMicros, double totalCostUsd) {
    public static final String FORMAT = "kontext-bot session";
    /**
     * Version 2 added each turn's {@code references}, version 3 its {@code input_bytes_sent}; version 1 and 2 archives
     * (without them) are read as well.
     */
    public static final int VERSION = 3;
    /** The versions this one imports: its own and every older one it knows how to read. */
    public static final java.util.Set<Integer> READABLE = java.util.Set.of(1, 2, VERSION);
    /** The most references a turn of an archive may have (FLUX.2 takes eight images, seven besides the one edited). */
    public static final int MAX_REFERENCES = 7;
    public static final String FILE = "manifest.json";

    /** {@code branched_from}: where the session started, in the exporting installation (informative). */
    public record SessionEntry(long id, String platform, String owner, Instant createdAt, String source, String head,
                               BranchEntry branchedFrom, ParamsEntry defaults) {
    }

    public record BranchEntry(long session, long turn, int variant) {
    }

    public record ImageEntry(String file, String sha256, String mime, int width, int height, long bytes) {
    }

    /**
     * {@code parent}: the image the turn edited (null for a generation); {@code rerolled_from}: an earlier turn's id;
     * {@code references}: its images 2..N, by file, in order (since version 2; absent in version 1);
     * {@code input_bytes_sent}: what the bot sent the provider for its inputs (since version 3; null when not recorded).
     */
    public record TurnEntry(long id, String kind, String prompt, ParamsEntry params, String status, ErrorEntry error,
                            long costMicros, double costUsd, String requester, String provider, Instant createdAt,
                            Instant startedAt, Instant finishedAt, String parent, Long rerolledFrom, List<VariantEntry> variants,
                            List<String> references, Long inputBytesSent) {
    }

    /**
     * {@code message}: the reason in English; {@code detail}: the same reason typed (the JSON of a turn's {@code
     * error_detail}), so an importer words it in each reader's language. Optional: absent in archives written before it,
     * or when the turn kept only its English; a build that does not know it reads the English.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorEntry(String code, String message, JsonNode detail) {
    }

    /** {@code image}: what people saw; {@code context}: the lossless rendition the next turn edits (often the same file). */
    public record VariantEntry(int index, String image, String context, long seed, int votes, boolean picked, boolean head,
                               ScoreEntry score) {
    }

    /** The fidelity score (docs/playground.md, "Fidelity score"); absent for variants that have none. */
    public record ScoreEntry(int fidelity, Integer sourceFidelity, double ssim, int hashDistance, List<String> flags) {
    }

    public record VoteEntry(long turn, int variant, String voter, Instant castAt) {
    }

    /** One live change of the head, oldest first; {@code turn}/{@code variant} name the variant it came from, if any. */
    public record HeadEntry(String image, Long turn, Integer variant, String reason) {
    }

    /** Parameters with the product's names; in {@code defaults} any may be null (not set). */
    public record ParamsEntry(String model, String aspectRatio, Integer numImages, Double guidanceScale, String outputFormat,
                              Integer safetyTolerance, Boolean enhancePrompt, Long seed) {

        static ParamsEntry of(TurnParams p) {
            return of(ParamOverrides.of(p));
        }

        static ParamsEntry of(ParamOverrides p) {
            return new ParamsEntry(p.model() == null ? null : p.model().id(),
                    p.aspectRatio() == null ? null : p.aspectRatio().wireName(), p.numImages(), p.guidanceScale(),
                    p.outputFormat() == null ? null : p.outputFormat().wireName(), p.safetyTolerance(), p.enhancePrompt(), p.seed());
        }

        /** The overrides these name; a value that is not one of the product's throws InvalidParameterException. */
        ParamOverrides overrides() {
            return ParamOverrides.builder()
                    .model(model == null ? null : ModelId.parse(model))
                    .aspectRatio(aspectRatio == null ? null : AspectRatio.parse(aspectRatio))
                    .numImages(numImages)
                    .guidanceScale(guidanceScale)
                    .outputFormat(outputFormat == null ? null : OutputFormat.parse(outputFormat))
                    .safetyTolerance(safetyTolerance)
                    .enhancePrompt(enhancePrompt)
                    .seed(seed)
                    .build();
        }

        /** Whether these are a turn's complete parameters: every one given (only aspect_ratio may be null). */
        boolean complete() {
            return model != null && numImages != null && guidanceScale != null && outputFormat != null && safetyTolerance != null
                    && enhancePrompt != null && seed != null;
        }

        /** A turn's parameters, when {@link #complete()}; a value the product does not take throws InvalidParameterException. */
        TurnParams resolve() {
            return overrides().resolve(() -> seed);
        }
    }
}
