package dev.kontextbot.adapter.web;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.ProviderProfile;
import dev.kontextbot.engine.catalogue.ModelChoice;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
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

    CapabilitiesApi(ConversationEngine engine, BiConsumer<Context, Object> send) {
        this.engine = engine;
        this.send = send;
    }

    /** One catalogue model for the page's select and for scripts: who serves it, whether it can be used, its price. */
    private static Map<String, Object> model(ModelChoice m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id().id());
        json.put("label", m.label());
        json.put("available", m.available());
        json.put("provider", m.provider().orElse(null));
        json.put("unavailable", m.unavailable().orElse(null));
        json.put("price", m.price());
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
        json.put("models", engine.models().stream().map(CapabilitiesApi::model).toList());
        json.put("defaults", SessionJson.defaults(engine.defaults()));
        send.accept(ctx, json);
    }
}
