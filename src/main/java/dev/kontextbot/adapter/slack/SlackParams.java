package dev.kontextbot.adapter.slack;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;

import java.util.List;
import java.util.Locale;

/** {@code key=value} parameters typed after a command ({@code model=max variants=2}), with short and product names. */
final class SlackParams {
    private SlackParams() {
    }

    static ParamOverrides parse(List<String> words) {
        ParamOverrides params = ParamOverrides.NONE;
        if (words.isEmpty()) {
            throw new InvalidParameterException("defaults", "Give parameters like model=max variants=2.");
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0 || eq == word.length() - 1) {
                throw new InvalidParameterException("defaults", "Write each parameter as name=value, not '" + word + "'.");
            }
            String value = word.substring(eq + 1);
            ParamOverrides one = switch (word.substring(0, eq).toLowerCase(Locale.ROOT)) {
                case "model" -> new ParamOverrides(ModelId.parse(value), null, null, null, null, null, null, null);
                case "aspect_ratio", "aspect" -> new ParamOverrides(null, AspectRatio.parse(value), null, null, null, null, null, null);
                case "variants", "num_images" -> new ParamOverrides(null, null, whole(value, "num_images"), null, null, null, null, null);
                case "guidance", "guidance_scale" -> new ParamOverrides(null, null, null, decimal(value), null, null, null, null);
                case "format", "output_format" -> new ParamOverrides(null, null, null, null, OutputFormat.parse(value), null, null, null);
                case "safety", "safety_tolerance" -> new ParamOverrides(null, null, null, null, null, whole(value, "safety_tolerance"), null, null);
                default -> throw new InvalidParameterException("defaults", "I don't know the parameter '" + word.substring(0, eq)
                        + "'; use model, variants, aspect_ratio, guidance, format or safety.");
            };
            params = one.over(params);
        }
        return params;
    }

    private static int whole(String value, String parameter) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(parameter, parameter + " must be a whole number, not '" + value + "'");
        }
    }

    private static double decimal(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("guidance_scale", "guidance_scale must be a number such as 3.5, not '" + value + "'");
        }
    }
}
