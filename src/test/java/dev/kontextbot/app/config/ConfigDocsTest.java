package dev.kontextbot.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md is where operators look up a variable: it must name every one the loader reads. */
class ConfigDocsTest {

    @Test
    void everyEnvironmentVariableTheLoaderReadsIsDocumentedWithItsSetting() throws Exception {
        String docs = Files.readString(Path.of("docs/configuration.md"));

        assertThat(ConfigLoader.ENVIRONMENT).isNotEmpty().allSatisfy((variable, setting) ->
                assertThat(docs).contains("| `" + variable + "` | `" + setting + "` |"));
        assertThat(docs).contains("`KONTEXT_CONFIG`");
    }
}
