package dev.kontextbot.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case changes follow the JVM's default locale unless told otherwise: on a Turkish machine "INVALID".toLowerCase()
 * is "ınvalıd", and an error code, a status or a keyword no longer matches. Every case change in the bot names
 * {@code Locale.ROOT}.
 */
class LocaleIndependentCodeTest {
    private static final Pattern DEFAULT_LOCALE_CASE = Pattern.compile("\\.to(Lower|Upper)Case\\(\\s*\\)");

    @Test
    void theDefaultLocaleChangesWhatACaseChangeGives() {
        assertThat("INVALID".toLowerCase(Locale.forLanguageTag("tr"))).as("why this rule exists").isNotEqualTo("invalid");
        assertThat("INVALID".toLowerCase(Locale.ROOT)).isEqualTo("invalid");
    }

    @Test
    void noCaseChangeInTheBotDependsOnTheDefaultLocale() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    if (DEFAULT_LOCALE_CASE.matcher(lines.get(i)).find()) {
                        found.add(source + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("use toLowerCase(Locale.ROOT) / toUpperCase(Locale.ROOT)").isEmpty();
    }
}
