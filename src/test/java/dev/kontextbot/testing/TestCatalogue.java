package dev.kontextbot.testing;

import dev.kontextbot.app.ProviderFactories;
import dev.kontextbot.app.config.CatalogueSettings;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.provider.ProviderRoutes;

import java.util.Map;

/** The catalogue shipped in config/application.yaml, as the bot reads it, for tests of providers and surfaces. */
public final class TestCatalogue {
    private static final ModelCatalogue BUNDLED = new CatalogueSettings(ProviderFactories.NAMES)
            .catalogue(new ConfigLoader(Map.of()).load(null, "test").models());

    private TestCatalogue() {
    }

    public static ModelCatalogue bundled() {
        return BUNDLED;
    }

    /** The bundled routes of one provider (bfl, fal, runflow, offline). */
    public static ProviderRoutes routes(String provider) {
        return new ProviderRoutes(BUNDLED, provider);
    }
}
