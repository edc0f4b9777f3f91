package dev.kontextbot.testing;

import dev.kontextbot.adapter.chat.EnglishFailureTexts;
import dev.kontextbot.adapter.chat.ProviderRefusalWords;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.port.FailureTexts;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person reads for a provider's or the catalogue's typed refusal: provider tests check their refusals in the
 * English the adapters say, as people see them.
 */
public final class ProviderRefusalsSaid {
    private static final ProviderRefusalWords WORDS = new ProviderRefusalWords();

    /** What the app gives the engine (and the fan-out providers) for a turn's stored failure text: the English words. */
    public static final FailureTexts ENGLISH_TEXTS = new EnglishFailureTexts(TestWords.LANGUAGES);

    private ProviderRefusalsSaid() {
    }

    public static Optional<String> english(Optional<ProviderRefusal> refusal) {
        return refusal.map(r -> WORDS.say(r, TestWords.ENGLISH));
    }

    public static String said(ProviderRefusal refusal, Locale locale) {
        return WORDS.say(refusal, TestWords.LANGUAGES.in(locale));
    }

    public static String english(ProviderRefusal refusal) {
        return said(refusal, Languages.FALLBACK);
    }
}
