package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.chat.CatalogueWords;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Option;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.InstructionFlags;
import dev.kontextbot.engine.ProviderProfile;
import dev.kontextbot.engine.catalogue.ModelChoice;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code GET /api/capabilities}: what the page needs to know of the provider before the first instruction (which
 * settings mean something, the offline editor's vocabulary, an example it can do, prices) and the defaults a new
 * session starts with.
 */
final class CapabilitiesApi {
    private final ConversationEngine engine;
    private final BiConsumer<Context, Object> send;

    private final Languages languages;

    CapabilitiesApi(ConversationEngine engine, BiConsumer<Context, Object> send, Languages languages) {
        this.engine = engine;
        this.send = send;
        this.languages = languages;
    }

    /**
     * The page's help, in the browser's language: each parameter's description (the command catalogue's, as Discord
     * shows it) under its field name, and the flags an instruction may carry.
     */
    private Map<String, Object> help(Words words) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Option option : CommandCatalogue.parameters()) {
            Map<String, Object> range = new LinkedHashMap<>();
            if (option.min() != null) range.put("min", option.min());
            if (option.max() != null) range.put("max", option.max());
            parameters.put(CommandCatalogue.FIELDS.get(option.name()), words.say(option.descriptionKey(), range));
        }
        Map<String, Object> help = new LinkedHashMap<>();
        help.put("language", words.locale().toLanguageTag());
        help.put("parameters", parameters);
        help.put("flags", words.say("help.playground.flags", "flags", InstructionFlags.SUMMARY));
        return help;
    }

    private Words wordsFor(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return languages.in(Languages.FALLBACK);
        }
        try {
            return languages.best(Locale.LanguageRange.parse(acceptLanguage));
        } catch (IllegalArgumentException malformed) {
            // A header no browser sends: the page still gets its help, in English.
            return languages.in(Languages.FALLBACK);
        }
    }

    /**
     * One catalogue model for the page's select and for scripts: who serves it, whether it can be used (and why not)
     * and its price, the words in the browser's language.
     */
    private static Map<String, Object> model(ModelChoice m, Words words) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id().id());
        json.put("label", m.label());
        json.put("available", m.available());
        json.put("provider", m.provider().orElse(null));
        json.put("unavailable", m.unavailable().map(why -> CatalogueWords.unavailable(why, words)).orElse(null));
        json.put("price", CatalogueWords.price(m.price(), words));
        json.put("price_per_image_usd", m.typicalMicros() / 1_000_000.0);
        json.put("max_images", m.maxImages());
        return json;
    }

    void get(Context ctx) {
        ProviderProfile profile = engine.providerProfile();
        Map<String, Object> prices = new LinkedHashMap<>();
        profile.pricePerImageMicros().forEach((model, micros) -> prices.put(model.id(), micros / 1_000_000.0));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provider", profile.name());
        json.put("vocabulary", profile.vocabulary().orElse(null));
        json.put("example", profile.example());
        json.put("model_settings", profile.usesModelSettings());
        json.put("price_per_image_usd", prices);
        Words words = wordsFor(ctx.header("Accept-Language"));
        json.put("models", engine.models().stream().map(m -> model(m, words)).toList());
        json.put("defaults", SessionJson.defaults(engine.defaults()));
        json.put("help", help(words));
        send.accept(ctx, json);
    }
}
