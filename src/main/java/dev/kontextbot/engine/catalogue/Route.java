package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.OutputFormat;

import java.util.Optional;
import java.util.Set;

/**
 * One provider serving one model, and what the model can do there (Kontext takes guidance at fal, not at BFL).
 *
 * @param provider          the provider's registered name (bfl, fal, runflow, offline, …)
 * @param path              the endpoint or model path for an edit of one image
 * @param multiPath         the endpoint for several images, when it is another one (fal's {@code …/kontext/multi})
 * @param textPath          the endpoint for text alone, when it is another one (fal's {@code …/text-to-image})
 * @param maxImages         input images one turn takes there, the edited one included
 * @param nativeNumImages   true: the service makes n variants in one job; false: n variants are n tasks
 * @param size              aspect-ratio names, or width/height in multiples of 16
 * @param maxMegapixels     the largest output with {@link SizeMode#WIDTH_HEIGHT}
 * @param guidance          the guidance range; empty: the model has none there
 * @param steps             the steps range; empty: the model has none there
 * @param safety            the safety_tolerance range
 * @param formats           output formats
 * @param promptUpsampling  whether enhance_prompt means something there
 * @param free              nothing is billed there (the offline editor)
 */
public record Route(String provider, String path, Optional<String> multiPath, Optional<String> textPath, int maxImages,
                    boolean nativeNumImages, SizeMode size, int maxMegapixels, Optional<Range> guidance, Optional<Range> steps,
                    Range safety, Set<OutputFormat> formats, boolean promptUpsampling, boolean free) {
    public Route {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("a route names its provider");
        }
        if (maxImages < 1 || maxImages > 16) {
            throw new IllegalArgumentException("max-images must be 1 to 16, not " + maxImages);
        }
        if (size == SizeMode.WIDTH_HEIGHT && (maxMegapixels < 1 || maxMegapixels > 16)) {
            throw new IllegalArgumentException("max-megapixels must be 1 to 16, not " + maxMegapixels);
        }
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("a route names at least one output format");
        }
        formats = Set.copyOf(formats);
    }

    /** The endpoint for a turn with this many input images. */
    public String pathFor(int inputImages) {
        if (inputImages == 0) {
            return textPath.orElse(path);
        }
        return inputImages > 1 ? multiPath.orElse(path) : path;
    }
}
