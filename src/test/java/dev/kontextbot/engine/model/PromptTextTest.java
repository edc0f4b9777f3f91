package dev.kontextbot.engine.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PromptTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " \t\n", "\u00A0", "\u2007", "\u202F", "\u200B", "\u200C\u200D", "\u2060", "\uFEFF", "\u3000",
            "\u2028\u2029", "\u00A0 \u200B\u202F\u2007\uFEFF"})
    void invisibleTextIsNothing(String prompt) {
        assertThat(PromptText.strip(prompt)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", ignoreLeadingAndTrailingWhitespace = false, value = {
            "\u00A0make it red\u200B|make it red",
            "\u202Fsepia \u00A0 and blur\u2007|sepia \u00A0 and blur",
            "\uFEFFcaption \"\uD83D\uDC68\u200D\uD83D\uDC69\"|caption \"\uD83D\uDC68\u200D\uD83D\uDC69\""})
    void onlyTheEndsAreStrippedSoJoinersInsideStay(String prompt, String expected) {
        assertThat(PromptText.strip(prompt)).isEqualTo(expected);
    }
}
