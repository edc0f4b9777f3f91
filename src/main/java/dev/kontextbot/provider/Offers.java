package dev.kontextbot.provider;

import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The product's parameter ranges are the union of what its providers take ({@code safety_tolerance} 0–6, output
 * {@code webp}); each provider refuses, in {@code refusal}, what it does not take, naming what it does.
 */
public final class Offers {
    private Offers() {
    }

    public static Optional<String> outputFormat(String service, OutputFormat asked, OutputFormat... offered) {
        List<OutputFormat> formats = Arrays.asList(offered);
        if (formats.contains(asked)) {
            return Optional.empty();
        }
        return Optional.of(service + " cannot make " + asked.wireName() + " images; use output_format "
                + formats.stream().map(OutputFormat::wireName).collect(Collectors.joining(" or ")) + ".");
    }

    public static Optional<String> safetyTolerance(String service, int asked, int lowest, int highest) {
        if (asked >= lowest && asked <= highest) {
            return Optional.empty();
        }
        return Optional.of(service + " takes safety_tolerance " + lowest + " (strictest) to " + highest + "; you asked for " + asked + ".");
    }

    /** A {@code guidance_scale} other than the default, for a route that takes none. */
    public static Optional<String> guidance(String service, ModelId model, Route route, double asked) {
        if (route.guidance().isPresent() || asked == TurnParams.DEFAULT_GUIDANCE) {
            return Optional.empty();
        }
        return Optional.of(service + "'s " + model + " has no guidance_scale; leave it at 3.5 or use another model.");
    }

    /** Kontext at BFL and at Replicate allows at most 2 when an image is edited ("the maximum allowed when input images are used"). */
    public static Optional<String> editingSafety(String service, int asked) {
        if (asked <= 2) {
            return Optional.empty();
        }
        return Optional.of(service + " allows safety_tolerance up to 2 when editing an image; you asked for " + asked + ".");
    }

    /** {@code most}: the images one turn of this service takes, the edited one included. */
    public static Optional<String> inputImages(String service, int asked, int most) {
        if (asked <= most) {
            return Optional.empty();
        }
        return Optional.of(service + " takes " + (most == 1 ? "one image" : "up to " + most + " images") + " per turn; this one has " + asked + ".");
    }
}
