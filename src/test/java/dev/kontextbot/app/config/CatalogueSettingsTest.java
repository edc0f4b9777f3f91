package dev.kontextbot.app.config;

import dev.kontextbot.app.ProviderFactories;
import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.engine.catalogue.ModelEntry;
import dev.kontextbot.engine.catalogue.ModelPrice;
import dev.kontextbot.engine.catalogue.SizeMode;
import dev.kontextbot.engine.model.ModelId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The models: section: shipped entries, overrides, new entries, and start-up refusing a bad one by name. */
class CatalogueSettingsTest {
    private static ModelCatalogue catalogue(String yaml) {
        AppConfig config = new ConfigLoader(Map.of()).load(yaml, "test.yaml");
        return new CatalogueSettings(ProviderFactories.NAMES).catalogue(config.models());
    }

    @Test
    void theShippedCatalogueListsKontextAndFlux2WithTheirPricesAndRoutes() {
        ModelCatalogue catalogue = catalogue(null);

        assertThat(catalogue.entries()).extracting(e -> e.id().id())
                .containsExactly("kontext-pro", "kontext-max", "flux-2-pro", "flux-2-max", "flux-2-flex", "kontext-dev");
        ModelEntry flex = catalogue.find(new ModelId("flux-2-flex")).orElseThrow();
        assertThat(flex.price()).isEqualTo(new ModelPrice.PerMegapixel(50_000, 50_000, true));
        assertThat(flex.routes().get(0).provider()).isEqualTo("bfl");
        assertThat(flex.routes().get(0).size()).isEqualTo(SizeMode.WIDTH_HEIGHT);
        assertThat(flex.routes().get(0).maxImages()).isEqualTo(8);
        assertThat(flex.routes().get(0).guidance()).isPresent();
        assertThat(catalogue.find(ModelId.KONTEXT_PRO).orElseThrow().price()).isEqualTo(new ModelPrice.PerImage(40_000));
    }

    @Test
    void anOperatorOverridesOneLineOrAddsAModel() {
        ModelCatalogue catalogue = catalogue("""
                models:
                  flux-2-pro:
                    price: {first: 0.025}
                  kontext-dev-gpu2:
                    label: FLUX.1 Kontext [dev] (our second GPU)
                    price: {per-image: 0}
                    serve:
                      offline: {path: editor, safety: [0, 6], free: true}
                """);

        assertThat(catalogue.find(new ModelId("flux-2-pro")).orElseThrow().price()).isEqualTo(new ModelPrice.PerMegapixel(25_000, 15_000, true));
        assertThat(catalogue.entries()).extracting(e -> e.id().id()).endsWith("kontext-dev-gpu2");
    }

    @Test
    void aBadEntryStopsStartUpNamingIt() {
        assertThatThrownBy(() -> catalogue("models:\n  flux-2-pro:\n    serve:\n      bfl: {size: wide}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models.flux-2-pro.serve.bfl.size must be aspect-ratio or width-height, not 'wide'");
        assertThatThrownBy(() -> catalogue("models:\n  flux-2-pro:\n    serve:\n      comfy: {path: /prompt, safety: [0, 6]}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models.flux-2-pro.serve.comfy: there is no provider 'comfy'; the providers are bfl, comfyui, fal, offline, replicate, runflow");
        assertThatThrownBy(() -> catalogue("models:\n  new-one:\n    label: New\n    serve:\n      bfl: {path: /v1/x, safety: [0, 5]}\n"))
                .isInstanceOf(ConfigException.class).hasMessage("models.new-one.price is missing (per-image, or first and further)");
        assertThatThrownBy(() -> catalogue("models:\n  flux-2-pro-preview-eu:\n    label: x\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("(up to 16)");
        assertThatThrownBy(() -> catalogue("models:\n  Bad Name:\n    label: x\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("models.Bad Name: a model id is lower-case");
        assertThatThrownBy(() -> catalogue("models:\n  kontext-pro:\n    serve:\n      fal: {safety: [6, 1]}\n"))
                .isInstanceOf(ConfigException.class).hasMessage("models.kontext-pro.serve.fal.safety must be [lowest, highest], not [6.0, 1.0]");
    }

    @Test
    void theDefaultModelMustBeInTheCatalogueAndTheOldNamesStillWork() {
        assertThat(new ConfigLoader(Map.of()).load("defaults:\n  model: pro\n", "test.yaml").defaults().model()).isEqualTo("pro");
        assertThat(ModelId.parse("pro")).isEqualTo(ModelId.KONTEXT_PRO);
        assertThat(ModelId.parse(" MAX ")).isEqualTo(ModelId.KONTEXT_MAX);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load("defaults:\n  model: flux-3\n", "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("defaults.model (KONTEXT_DEFAULT_MODEL) is 'flux-3', which the catalogue (models:) does not list; the models are "
                        + "kontext-pro, kontext-max, flux-2-pro, flux-2-max, flux-2-flex, kontext-dev");
    }
}
