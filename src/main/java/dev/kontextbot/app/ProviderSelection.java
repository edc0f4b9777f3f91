package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.port.KontextProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.provider.ImagePrices;
import dev.kontextbot.provider.bfl.BflConfig;
import dev.kontextbot.provider.bfl.BflProvider;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.provider.runflow.RunflowConfig;
import dev.kontextbot.provider.runflow.RunflowProvider;
import okhttp3.OkHttpClient;

/** Turns {@code provider: auto|offline|runflow|bfl|fal} and the API keys into the one provider the engine uses. */
final class ProviderSelection {
    private final AppConfig config;
    private final OkHttpClient http;
    private final ImageDecoder decoder;

    /** {@code decoder}: the offline editor decodes through the bot's one decoder. */
    ProviderSelection(AppConfig config, OkHttpClient http, ImageDecoder decoder) {
        this.config = config;
        this.http = http;
        this.decoder = decoder;
    }

    String chosenName() {
        AppConfig.Providers p = config.providers();
        if (!config.provider().equals("auto")) {
            return config.provider();
        }
        if (p.runflow().apiKey().isSet()) {
            return "runflow";
        }
        if (p.bfl().apiKey().isSet()) {
            return "bfl";
        }
        if (p.fal().apiKey().isSet()) {
            return "fal";
        }
        return "offline";
    }

    KontextProvider choose() {
        AppConfig.Providers p = config.providers();
        ImagePrices prices = ImagePrices.ofDollars(p.prices().pro(), p.prices().max());
        long maxResult = p.maxResultMb() * 1024L * 1024L;
        ProviderHttp providerHttp = new ProviderHttp(http, new ObjectMapper());
        return switch (chosenName()) {
            case "runflow" -> new RunflowProvider(runflow(p.runflow(), prices, maxResult), providerHttp);
            case "bfl" -> new BflProvider(new BflConfig(p.bfl().baseUrl(), p.bfl().apiKey().value(), prices, maxResult), providerHttp);
            case "fal" -> new FalProvider(new FalConfig(p.fal().baseUrl(), p.fal().apiKey().value(), prices, maxResult), providerHttp);
            default -> new OfflineEditorProvider(decoder);
        };
    }

    private static RunflowConfig runflow(AppConfig.Runflow r, ImagePrices prices, long maxResult) {
        return new RunflowConfig(r.baseUrl(), r.apiKey().value(), prices, maxResult, r.maxEnabled(), r.cancelRoute(), r.maxAttempts(),
                r.inlineMaxKb() * 1024L);
    }
}
