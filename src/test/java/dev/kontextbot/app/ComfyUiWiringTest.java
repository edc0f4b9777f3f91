package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.testing.TestImages;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KONTEXT_PROVIDER=comfyui builds the ComfyUI provider from the shipped workflows, and a broken workflow stops start-up naming it. */
class ComfyUiWiringTest {
    private static final TurnParams DEV = new TurnParams(new ModelId("kontext-dev"), null, 1, 2.5, OutputFormat.PNG, 2, false, 1);

    @TempDir
    Path dir;

    private static KontextProvider build(Map<String, String> env, String yaml) {
        AppConfig config = new ConfigLoader(env).load(yaml, "test.yaml");
        return new ProviderSelection(config, new OkHttpClient(), TestImages.decoder()).choose(p -> p);
    }

    @Test
    void providerComfyuiServesKontextDevFromTheShippedWorkflows() {
        KontextProvider provider = build(Map.of("KONTEXT_PROVIDER", "comfyui"), null);

        assertThat(provider.nameFor(DEV)).isEqualTo("comfyui");
        assertThat(provider.refusal(DEV, 2)).isEmpty();
    }

    @Test
    void withAutoComfyUiServesOnlyOnceItsAddressIsSet() {
        assertThat(build(Map.of(), null).nameFor(DEV)).isEqualTo("offline");
        assertThat(build(Map.of("COMFYUI_URL", "http://gpu-box:8188"), null).nameFor(DEV)).isEqualTo("comfyui");
    }

    @Test
    void aWorkflowWithoutAPlaceholderStopsStartUpNamingFileAndPlaceholder() throws Exception {
        Path workflow = dir.resolve("mine.json");
        Files.writeString(workflow, Files.readString(Path.of("config/comfyui/kontext-dev.json")).replace("\"{{seed}}\"", "42"));
        String yaml = "models:\n  kontext-dev:\n    serve:\n      comfyui: {path: " + workflow + ", max-images: 1, safety: [0, 6], guidance: [1, 10]}\n";

        assertThatThrownBy(() -> build(Map.of("KONTEXT_PROVIDER", "comfyui"), yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(workflow.toString())
                .hasMessageContaining("{{seed}}");
    }

    @Test
    void aMissingWorkflowFileStopsStartUpNamingTheSetting() {
        String yaml = "models:\n  kontext-dev:\n    serve:\n      comfyui: {path: nowhere/kontext.json, max-images: 1, safety: [0, 6]}\n";

        assertThatThrownBy(() -> build(Map.of("KONTEXT_PROVIDER", "comfyui"), yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models.kontext-dev.serve.comfyui.path")
                .hasMessageContaining("nowhere/kontext.json does not exist");
    }

    @Test
    void aMultiWorkflowWithFewerImageSlotsThanMaxImagesIsRefused() {
        String yaml = "models:\n  kontext-dev:\n    serve:\n      comfyui: {max-images: 5}\n";

        assertThatThrownBy(() -> build(Map.of("KONTEXT_PROVIDER", "comfyui"), yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models.kontext-dev.serve.comfyui.multi-path")
                .hasMessageContaining("{{image_5}}");
    }
}
