package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.ParameterFields;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.engine.model.AspectRatio;
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
        return ParameterFields.from(fields);
    }
}
