package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ParamOverrides;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of parameters in words, the one way every settings and info answer shows them (Discord's and Slack's
 * settings, the admins' policy): "model kontext-max · 2 variants · aspect square · guidance 4 · png · safety 3".
 * Its words are the {@code params.*} keys of {@code words/commands}.
 */
public final class ParameterDescription {
    private static final String SEPARATOR = " · ";

    private ParameterDescription() {
    }

    /** The parameters {@code given} sets, and only those (what a channel or a server changed). */
    public static String given(Words words, ParamOverrides given) {
        return String.join(SEPARATOR, parts(words, given, false));
    }

    /**
     * What a new session starts with: {@code layered} where it sets a value, else {@code bot} (the bot's configured
     * defaults), else the product's; the aspect ratio without a value is the input's.
     */
    public static String complete(Words words, ParamOverrides layered, ParamOverrides bot) {
        ParamOverrides product = ParamOverrides.of(ParamOverrides.NONE.resolve(() -> 0L)).withoutSeed();
        return String.join(SEPARATOR, parts(words, layered.over(bot).over(product), true));
    }

    private static List<String> parts(Words words, ParamOverrides p, boolean complete) {
        List<String> parts = new ArrayList<>();
        if (p.model() != null) {
            parts.add(words.say("params.model", "model", p.model().id()));
        }
        if (p.numImages() != null) {
            parts.add(words.say("params.variants", "count", p.numImages()));
        }
        if (p.aspectRatio() != null) {
            parts.add(words.say("params.aspect", "aspect", p.aspectRatio().wireName()));
        } else if (complete) {
            parts.add(words.say("params.aspect.input"));
        }
        if (p.guidanceScale() != null) {
            parts.add(words.say("params.guidance", "guidance", p.guidanceScale()));
        }
        if (p.outputFormat() != null) {
            parts.add(words.say("params.format", "format", p.outputFormat().wireName()));
        }
        if (p.safetyTolerance() != null) {
            parts.add(words.say("params.safety", "safety", p.safetyTolerance()));
        }
        if (p.enhancePrompt() != null && (p.enhancePrompt() || complete)) {
            parts.add(words.say(p.enhancePrompt() ? "params.enhance.on" : "params.enhance.off"));
        }
        if (p.seed() != null) {
            // As typed, without grouping: a seed is an identifier people copy, not an amount.
            parts.add(words.say("params.seed", "seed", Long.toString(p.seed())));
        }
        return parts;
    }
}
