package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Rejected;

import java.util.Map;

/**
 * A turn's parameters typed as text (Discord's Remix form, a neutral command's options) as the engine's overrides;
 * what cannot be read is refused with the parameter's name.
 */
public final class ParameterFields {
    private ParameterFields() {
    }

    /** {@code fields} by the catalogue's option names, typed as text; a blank or missing field changes nothing. */
    public static ParamOverrides from(Map<String, String> fields) {
        return ParamOverrides.builder()
                .model(text(fields, CommandCatalogue.MODEL).map(ModelId::parse).orElse(null))
                .aspectRatio(text(fields, CommandCatalogue.ASPECT_RATIO).map(v -> v.equalsIgnoreCase("input") ? null : AspectRatio.parse(v)).orElse(null))
                .numImages(text(fields, CommandCatalogue.VARIANTS).map(v -> integer(v, "num_images", "variants")).orElse(null))
                .guidanceScale(text(fields, CommandCatalogue.GUIDANCE).map(v -> decimal(v)).orElse(null))
                .outputFormat(text(fields, CommandCatalogue.FORMAT).map(OutputFormat::parse).orElse(null))
                .safetyTolerance(text(fields, CommandCatalogue.SAFETY).map(v -> integer(v, "safety_tolerance", "safety")).orElse(null))
                .seed(text(fields, CommandCatalogue.SEED).map(v -> whole(v, "seed", "seed")).orElse(null))
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
