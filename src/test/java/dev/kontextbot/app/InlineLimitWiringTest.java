package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inline cut-off of an input is a setting per provider section, read when the provider is built. */
class InlineLimitWiringTest {

    private static KontextProvider fal(FakeService service, String yaml) {
        AppConfig config = new ConfigLoader(Map.of("FAL_KEY", FakeService.API_KEY, "FAL_BASE_URL", service.base(), "KONTEXT_PROVIDER", "fal"))
                .load(yaml, "test.yaml");
        return new ProviderSelection(config, new OkHttpClient(), TestImages.decoder()).choose(p -> p);
    }

    private static void submitASmallImage(KontextProvider provider) {
        byte[] png = FakeService.png();
        provider.submit(new EditRequest("make it red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1),
                List.of(new SourceImage(png, "image/png", 2, 2))));
    }

    @Test
    void theShippedCutOffsAreRunflows1MiBAndFalsAndReplicates256KiB() {
        AppConfig defaults = new ConfigLoader(Map.of()).load(null, "test.yaml");

        assertThat(defaults.providers().runflow().inlineMaxKb()).isEqualTo(1024);
        assertThat(defaults.providers().fal().inlineMaxBytes()).isEqualTo(256 * 1024);
        assertThat(defaults.providers().replicate().inlineMaxBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void falsCutOffFromTheSettingsDecidesWhetherASmallImageGoesInlineOrThroughItsStorage() throws Exception {
        try (FakeService service = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(service, 0, 0);
            submitASmallImage(fal(service, null));
            assertThat(queue.initiates.get()).as("under 256 KiB: inline").isZero();

            submitASmallImage(fal(service, "providers:\n  fal:\n    inline-max-kb: 0\n"));
            assertThat(queue.initiates.get()).as("a cut-off of 0 uploads every input").isEqualTo(1);
        }
    }

    @Test
    void aNegativeCutOffIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load("providers:\n  replicate:\n    inline-max-kb: -1\n", "test.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("providers.replicate.inline-max-kb");
    }
}
