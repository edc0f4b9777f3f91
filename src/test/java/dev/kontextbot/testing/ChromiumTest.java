package dev.kontextbot.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The browser test skips on a laptop without Chromium, but fails in CI, and finds the browser setup-chrome installed. */
class ChromiumTest {

    @Test
    void withoutABrowserTheTestIsSkippedLocallyButFailsInCi() {
        assertThatThrownBy(() -> Chromium.requireOrSkip(Map.of(), path -> false)).isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> Chromium.requireOrSkip(Map.of("CI", "true"), path -> false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CI=true");
    }

    @Test
    void theBrowserNamedByTheEnvironmentComesFirstThenDebiansOwn() {
        Path chrome = Path.of("/opt/hostedtoolcache/setup-chrome/chrome");
        Path driver = Path.of("/opt/hostedtoolcache/setup-chrome/chromedriver");
        Set<Path> installed = Set.of(chrome, driver, Chromium.DEBIAN_BROWSER, Chromium.DEBIAN_DRIVER);

        assertThat(Chromium.requireOrSkip(Map.of("CI", "true", "CHROME_BIN", chrome.toString(), "CHROMEDRIVER_BIN", driver.toString()),
                installed::contains)).isEqualTo(new Chromium(chrome, driver));
        assertThat(Chromium.requireOrSkip(Map.of(), installed::contains)).isEqualTo(new Chromium(Chromium.DEBIAN_BROWSER, Chromium.DEBIAN_DRIVER));
    }
}
