package dev.kontextbot.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static AppConfig load(Map<String, String> env, String yaml) {
        return new ConfigLoader(env).load(yaml, "test.yaml");
    }

    @Test
    void withNoFileAndNoEnvironmentTheDocumentedDefaultsApply() {
        AppConfig config = load(Map.of(), null);

        assertThat(config.provider()).isEqualTo("auto");
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.engine().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.engine().turnDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.defaults().guidanceScale()).isEqualTo(3.5);
        assertThat(config.providers().bfl().baseUrl()).isEqualTo("https://api.bfl.ai");
        assertThat(config.discord().token().isSet()).isFalse();
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        AppConfig config = load(Map.of("KONTEXT_HTTP_PORT", "9191", "BFL_API_KEY", "bfl-secret-123", "KONTEXT_PROVIDER", "bfl",
                "BFL_BASE_URL", "http://127.0.0.1:1234", "KONTEXT_DATA_DIR", "/tmp/k"), "http:\n  port: 7000\nprovider: offline\n");

        assertThat(config.http().port()).isEqualTo(9191);
        assertThat(config.provider()).isEqualTo("bfl");
        assertThat(config.providers().bfl().apiKey().value()).isEqualTo("bfl-secret-123");
        assertThat(config.providers().bfl().baseUrl()).isEqualTo("http://127.0.0.1:1234");
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/k"));
    }

    @Test
    void theDefaultModelCanBeChosenFromTheEnvironmentForAComfyUiWithoutAConfigFile() {
        AppConfig config = load(Map.of("KONTEXT_PROVIDER", "comfyui", "KONTEXT_DEFAULT_MODEL", "kontext-dev"), "defaults:\n  model: kontext-pro\n");

        assertThat(config.defaults().model()).isEqualTo("kontext-dev");
    }

    @Test
    void aFileSettingKeepsTheOtherDefaultsOfItsSection() {
        AppConfig config = load(Map.of(), "engine:\n  poll-interval: 250ms\n");

        assertThat(config.engine().pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.engine().workerThreads()).isEqualTo(8);
    }

    @Test
    void secretsNeverShowInToString() {
        AppConfig config = load(Map.of("SLACK_BOT_TOKEN", "xoxb-very-secret-token", "FAL_KEY", "fal-key-abcdef"), null);

        assertThat(config.toString()).doesNotContain("xoxb-very-secret-token").doesNotContain("fal-key-abcdef");
    }

    @Test
    void anUnknownSettingStopsStartUpNamingIt() {
        assertThatThrownBy(() -> load(Map.of(), "engine:\n  pol-interval: 1s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown setting 'engine.pol-interval'")
                .hasMessageContaining("poll-interval");
    }

    @Test
    void invalidValuesStopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> load(Map.of("KONTEXT_HTTP_PORT", "eighty"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
        assertThatThrownBy(() -> load(Map.of("KONTEXT_HTTP_PORT", "70000"), null))
                .hasMessageContaining("http.port (KONTEXT_HTTP_PORT) must be between 0 and 65535");
        assertThatThrownBy(() -> load(Map.of(), "engine:\n  turn-deadline: forever\n"))
                .hasMessageContaining("engine.turn-deadline").hasMessageContaining("30s");
        assertThatThrownBy(() -> load(Map.of("KONTEXT_PROVIDER", "midjourney"), null))
                .hasMessageContaining("provider (KONTEXT_PROVIDER) must be one of");
        assertThatThrownBy(() -> load(Map.of(), "defaults:\n  num_images: 9\n"))
                .hasMessageContaining("defaults.num_images");
        assertThatThrownBy(() -> load(Map.of(), "defaults:\n  aspect_ratio: wide\n"))
                .hasMessageContaining("defaults.aspect_ratio");
        assertThatThrownBy(() -> load(Map.of("FAL_BASE_URL", "ftp://x"), null))
                .hasMessageContaining("providers.fal.base-url (FAL_BASE_URL)");
        assertThatThrownBy(() -> load(Map.of(), "http: [1, 2]\n")).hasMessageContaining("http");
        assertThatThrownBy(() -> load(Map.of(), "engine: {\n")).hasMessageContaining("not valid YAML");
    }

    @Test
    void choosingARemoteProviderWithoutItsKeyNamesTheVariable() {
        assertThatThrownBy(() -> load(Map.of("KONTEXT_PROVIDER", "runflow"), null))
                .hasMessageContaining("set RUNFLOW_API_KEY");
    }

    /** Every environment override set to a word: either it is a text setting, or the message names the variable and the value. */
    @Test
    void aWrongValueFromTheEnvironmentNamesTheVariableAndTheValue() {
        java.util.List<String> refused = new java.util.ArrayList<>();
        ConfigLoader.ENVIRONMENT.keySet().forEach(variable -> {
            try {
                load(Map.of(variable, "abc"), null);
            } catch (ConfigException e) {
                refused.add(variable);
                assertThat(e.getMessage()).as(variable).contains(variable).contains("'abc'");
            }
        });

        assertThat(refused).contains("KONTEXT_HTTP_PORT", "DISCORD_SHARD_TOTAL", "SLACK_SOCKET_CONNECTIONS", "KONTEXT_PROVIDER", "SLACK_MODE");
        assertThatThrownBy(() -> load(Map.of("KONTEXT_HTTP_PORT", "abc"), null))
                .hasMessage("Invalid setting http.port (KONTEXT_HTTP_PORT) is 'abc': it must be a whole number.");
    }

    @Test
    void aMalformedSecretIsNamedButNeverRepeated() {
        assertThatThrownBy(() -> load(Map.of(), "discord:\n  token: [\"discord-secret-0123456789\"]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("discord.token")
                .hasMessageNotContaining("discord-secret-0123456789");
    }

    /** Every number, switch and duration of the settings file, set to a word: the message names the setting and the value. */
    @Test
    void aWrongNumberSwitchOrDurationInTheFileNamesTheSettingAndTheValue() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        com.fasterxml.jackson.databind.JsonNode defaults;
        try (var in = ConfigLoaderTest.class.getClassLoader().getResourceAsStream("config/application.yaml")) {
            defaults = yaml.readTree(in);
        }
        java.util.List<String> typed = new java.util.ArrayList<>();
        leaves(defaults, "", typed);

        assertThat(typed).contains("http.port", "http.enabled", "engine.poll-interval", "engine.retry.multiplier");
        for (String setting : typed) {
            String[] parts = setting.split("\\.");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                text.append("  ".repeat(i)).append(parts[i]).append(i == parts.length - 1 ? ": abc\n" : ":\n");
            }
            assertThatThrownBy(() -> load(Map.of(), text.toString())).as(setting)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(setting).hasMessageContaining("'abc'");
        }
    }

    private static void leaves(com.fasterxml.jackson.databind.JsonNode node, String prefix, java.util.List<String> typed) {
        node.fields().forEachRemaining(entry -> {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            com.fasterxml.jackson.databind.JsonNode value = entry.getValue();
            if (value.isObject()) {
                leaves(value, path, typed);
            } else if (value.isNumber() || value.isBoolean() || value.asText().matches("\\d+\\s*(ms|s|m|h)")) {
                typed.add(path);
            }
        });
    }
}
