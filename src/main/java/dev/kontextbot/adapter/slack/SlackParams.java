package dev.kontextbot.adapter.slack;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.Rejected;
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
                case "model" -> ParamOverrides.builder().model(ModelId.parse(value)).build();
                case "aspect_ratio", "aspect" -> ParamOverrides.builder().aspectRatio(AspectRatio.parse(value)).build();
                case "variants", "num_images" -> ParamOverrides.builder().numImages(whole(value, "num_images")).build();
                case "guidance", "guidance_scale" -> ParamOverrides.builder().guidanceScale(decimal(value)).build();
                case "format", "output_format" -> ParamOverrides.builder().outputFormat(OutputFormat.parse(value)).build();
                case "safety", "safety_tolerance" -> ParamOverrides.builder().safetyTolerance(whole(value, "safety_tolerance")).build();
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
            throw new InvalidParameterException(parameter, parameter + " must be a whole number, not '" + value + "'", new Rejected.NotWholeNumber(parameter, value));
        }
    }

    private static double decimal(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("guidance_scale", "guidance_scale must be a number such as 3.5, not '" + value + "'",
                    new Rejected.NotDecimal("guidance_scale", value));
        }
    }
}
