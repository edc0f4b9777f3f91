package dev.kontextbot.adapter.web;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.ProviderProfile;
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
        json.put("defaults", SessionJson.defaults(engine.defaults()));
        send.accept(ctx, json);
    }
}
