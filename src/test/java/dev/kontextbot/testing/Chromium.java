package dev.kontextbot.testing;

import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The headless browser and driver a browser test drives: CHROME_BIN and CHROMEDRIVER_BIN when set (what
 * browser-actions/setup-chrome installs on GitHub's ubuntu runners), else Debian's chromium and chromium-driver.
 */
public record Chromium(Path browser, Path driver) {
    static final Path DEBIAN_BROWSER = Path.of("/usr/bin/chromium");
    static final Path DEBIAN_DRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * The installed browser; where there is none the test is skipped, but not in CI (CI=true, as every CI service sets):
     * there a browser test that skips tests nothing, so it fails instead.
     */
    public static Chromium requireOrSkip() {
        return requireOrSkip(System.getenv(), Files::isExecutable);
    }

    static Chromium requireOrSkip(Map<String, String> env, Predicate<Path> executable) {
        Optional<Chromium> found = find(env, executable);
        if (found.isPresent()) {
            return found.get();
        }
        String missing = "no headless Chromium: set CHROME_BIN and CHROMEDRIVER_BIN, or apt-get install -y chromium chromium-driver (.ci/run does)";
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            throw new AssertionError("CI=true but " + missing + "; the browser test must run in CI, not skip");
        }
        throw new TestAbortedException(missing);
    }

    static Optional<Chromium> find(Map<String, String> env, Predicate<Path> executable) {
        Path browser = path(env.get("CHROME_BIN"), DEBIAN_BROWSER);
        Path driver = path(env.get("CHROMEDRIVER_BIN"), DEBIAN_DRIVER);
        return executable.test(browser) && executable.test(driver) ? Optional.of(new Chromium(browser, driver)) : Optional.empty();
    }

    private static Path path(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}
