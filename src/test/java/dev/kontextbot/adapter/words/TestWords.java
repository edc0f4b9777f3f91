package dev.kontextbot.adapter.words;

import java.util.Locale;

/** The bot's words for tests that read what a person is told. */
public final class TestWords {
    public static final Languages LANGUAGES = Languages.load();
    public static final Words ENGLISH = LANGUAGES.in(Locale.ENGLISH);
    public static final Words GERMAN = LANGUAGES.in(Locale.GERMAN);

    private TestWords() {
    }
}
