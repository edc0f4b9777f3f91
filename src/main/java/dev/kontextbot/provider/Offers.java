package dev.kontextbot.provider;

import dev.kontextbot.engine.model.OutputFormat;

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

    /** {@code most}: the images one turn of this service takes, the edited one included. */
    public static Optional<String> inputImages(String service, int asked, int most) {
        if (asked <= most) {
            return Optional.empty();
        }
        return Optional.of(service + " takes " + (most == 1 ? "one image" : "up to " + most + " images") + " per turn; this one has " + asked + ".");
    }
}
