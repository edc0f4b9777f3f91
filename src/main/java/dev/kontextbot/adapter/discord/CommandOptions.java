package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

import java.util.Map;
import java.util.function.Function;

/**
 * Turns the parameters people give — slash-command options or the Remix modal's text fields — into the engine's
 * overrides. Option names are short (Discord shows them); the values keep the product's meaning.
 */
final class CommandOptions {
    static final String ASPECT_RATIO = CommandCatalogue.ASPECT_RATIO;
    static final String VARIANTS = CommandCatalogue.VARIANTS;
    static final String GUIDANCE = CommandCatalogue.GUIDANCE;
    static final String SEED = CommandCatalogue.SEED;
    static final String FORMAT = CommandCatalogue.FORMAT;
    static final String SAFETY = CommandCatalogue.SAFETY;
    static final String ENHANCE = CommandCatalogue.ENHANCE;
    static final String MODEL = CommandCatalogue.MODEL;

    private CommandOptions() {
    }

    /** {@code option}: the command's option of that name, or null when not given. */
    static ParamOverrides fromSlash(Function<String, OptionMapping> option) {
        OptionMapping aspect = option.apply(ASPECT_RATIO);
        OptionMapping variants = option.apply(VARIANTS);
        OptionMapping guidance = option.apply(GUIDANCE);
        OptionMapping seed = option.apply(SEED);
        OptionMapping format = option.apply(FORMAT);
        OptionMapping safety = option.apply(SAFETY);
        OptionMapping enhance = option.apply(ENHANCE);
        OptionMapping model = option.apply(MODEL);
        return ParamOverrides.builder()
                .model(model == null ? null : ModelId.parse(model.getAsString()))
                .aspectRatio(aspect == null ? null : AspectRatio.parse(aspect.getAsString()))
                .numImages(variants == null ? null : variants.getAsInt())
                .guidanceScale(guidance == null ? null : guidance.getAsDouble())
                .outputFormat(format == null ? null : OutputFormat.parse(format.getAsString()))
                .safetyTolerance(safety == null ? null : safety.getAsInt())
                .enhancePrompt(enhance == null ? null : enhance.getAsBoolean())
                .seed(seed == null ? null : seed.getAsLong())
                .build();
    }

    /** The Remix modal's fields, typed as text; blank fields keep the turn's value. */
    static ParamOverrides fromText(Map<String, String> fields) {
        return ParamOverrides.builder()
                .model(text(fields, MODEL).map(ModelId::parse).orElse(null))
                .aspectRatio(text(fields, ASPECT_RATIO).map(v -> v.equalsIgnoreCase("input") ? null : AspectRatio.parse(v)).orElse(null))
                .numImages(text(fields, VARIANTS).map(v -> integer(v, "num_images", "variants")).orElse(null))
                .guidanceScale(text(fields, GUIDANCE).map(v -> decimal(v)).orElse(null))
                .outputFormat(text(fields, FORMAT).map(OutputFormat::parse).orElse(null))
                .safetyTolerance(text(fields, SAFETY).map(v -> integer(v, "safety_tolerance", "safety")).orElse(null))
                .seed(text(fields, SEED).map(v -> whole(v, "seed", "seed")).orElse(null))
                .build();
    }

    private static java.util.Optional<String> text(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value.strip());
    }

    private static int integer(String value, String parameter, String label) {
        long whole = whole(value, parameter, label);
        // Out of int range is out of every parameter's range: let the parameter's own check word the message.
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole));
    }

    private static long whole(String value, String parameter, String label) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(parameter, label + " must be a whole number, not '" + value + "'", new Rejected.NotWholeNumber(label, value));
        }
    }

    private static double decimal(String value) {
        try {
            return Double.parseDouble(value.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("guidance_scale", "guidance must be a number such as 3.5, not '" + value + "'",
                    new Rejected.NotDecimal("guidance", value));
        }
    }
}
