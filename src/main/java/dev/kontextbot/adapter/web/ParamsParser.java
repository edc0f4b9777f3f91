package dev.kontextbot.adapter.web;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the product's parameters from a request, whether form fields or JSON (both arrive as text here).
 * Absent or empty fields stay unset, so session defaults apply; a present but wrong value is refused by name.
 */
final class ParamsParser {
    /** Every parameter's field name, as requests spell them. */
    static final Set<String> NAMES = Set.of("model", "aspect_ratio", "num_images", "guidance_scale", "output_format",
            "safety_tolerance", "enhance_prompt", "seed");

    ParamOverrides parse(Function<String, String> field) {
        return ParamOverrides.builder()
                .model(text(field, "model", ModelId::parse))
                .aspectRatio(text(field, "aspect_ratio", AspectRatio::parse))
                .numImages(text(field, "num_images", v -> whole("num_images", v)))
                .guidanceScale(text(field, "guidance_scale", v -> decimal("guidance_scale", v)))
                .outputFormat(text(field, "output_format", OutputFormat::parse))
                .safetyTolerance(text(field, "safety_tolerance", v -> whole("safety_tolerance", v)))
                .enhancePrompt(text(field, "enhance_prompt", v -> bool("enhance_prompt", v)))
                .seed(text(field, "seed", v -> seed(v)))
                .build();
    }

    private static <T> T text(Function<String, String> field, String name, Function<String, T> parse) {
        String value = field.apply(name);
        return value == null || value.isBlank() ? null : parse.apply(value.trim());
    }

    private static Integer whole(String name, String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw ApiInputException.invalidParameter("rejected.whole", "name", name, "given", value);
        }
    }

    private static Double decimal(String name, String value) {
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            throw ApiInputException.invalidParameter("playground.param.notNumber", "name", name, "value", value);
        }
    }

    private static Long seed(String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw ApiInputException.invalidParameter("rejected.whole", "name", "seed", "given", value);
        }
    }

    private static Boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw ApiInputException.invalidParameter("playground.param.notBoolean", "name", name, "value", value);
        };
    }
}
