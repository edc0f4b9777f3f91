package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.testing.TestImages;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped settings give Runflow as its docs want it: 5 attempts, [max] and the undocumented cancel route off. */
class RunflowWiringTest {
    private static final TurnParams MAX = new TurnParams(ModelId.KONTEXT_MAX, null, 1, 3.5, OutputFormat.JPEG, 2, false, 1);

    private static KontextProvider runflow(String yaml) {
        AppConfig config = new ConfigLoader(Map.of("RUNFLOW_API_KEY", "rf-secret-0123456789")).load(yaml, "test.yaml");
        return new ProviderSelection(config, new OkHttpClient(), TestImages.decoder()).choose(p -> p);
    }

    @Test
    void theDefaultsCapAttemptsAtFiveAndLeaveTheUndocumentedRoutesOff() {
        KontextProvider provider = runflow(null);

        assertThat(provider.name()).isEqualTo("runflow");
        assertThat(provider.maxAttempts()).isEqualTo(5);
        assertThat(provider.refusal(MAX, 1)).isPresent();
        assertThat(provider.cancelLimit()).isPresent();
        AppConfig defaults = new ConfigLoader(Map.of()).load(null, "test.yaml");
        assertThat(Application.engineSettings(defaults).retry().jitter()).isEqualTo(0.5);
    }

    @Test
    void anOperatorCanTurnThemOn() {
        KontextProvider provider = runflow("providers:\n  runflow:\n    max-enabled: true\n    cancel-route: true\n    max-attempts: 3\n");

        assertThat(provider.maxAttempts()).isEqualTo(3);
        assertThat(provider.refusal(MAX, 1)).isEmpty();
        assertThat(provider.cancelLimit()).isEmpty();
    }
}
