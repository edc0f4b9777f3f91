package dev.kontextbot.adapter.web;

import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The playground's API answers in the browser's language (Accept-Language), English without one or with a broken one. */
class PlaygroundLanguagesTest {
    @TempDir
    Path dir;

    @Test
    void theApiAnswersInTheBestLanguageTheBrowserAsksFor() throws Exception {
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20))) {
            var german = playground.call(new Request.Builder().url(playground.url("/api/sessions/abc")).header("Accept-Language", "fr-CH, de;q=0.8, en;q=0.5"));
            assertThat(german.status()).isEqualTo(404);
            assertThat(german.json().path("message").asText()).isEqualTo("Es gibt keine Sitzung abc.");

            var english = playground.call(new Request.Builder().url(playground.url("/api/images/nope")));
            assertThat(english.json().path("message").asText()).isEqualTo("There is no image nope.");

            var broken = playground.call(new Request.Builder().url(playground.url("/api/sessions/abc")).header("Accept-Language", "de;q=x;;"));
            assertThat(broken.status()).isEqualTo(404);
            assertThat(broken.json().path("message").asText()).isEqualTo("There is no session abc.");
        }
    }
}
