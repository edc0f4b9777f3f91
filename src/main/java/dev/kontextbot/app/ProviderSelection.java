package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import okhttp3.OkHttpClient;

/** Turns {@code provider: auto|offline|runflow|bfl|fal} and the API keys into the one provider the engine uses. */
final class ProviderSelection {
    private final AppConfig config;
    private final OkHttpClient http;

    ProviderSelection(AppConfig config, OkHttpClient http) {
        this.config = config;
        this.http = http;
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
        return switch (chosenName()) {
            case "offline" -> new OfflineEditorProvider();
            default -> throw new StartupException("provider " + chosenName() + " is not available in this build yet", null);
        };
    }
}
