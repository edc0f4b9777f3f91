package dev.kontextbot.adapter.words;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanguagesTest {
    private final Languages languages = Languages.load();

    @Test
    void pluralsFollowEachLanguagesRules() {
        assertThat(languages.in(Locale.ENGLISH).say("turn.variants", "count", 1)).isEqualTo("1 variant");
        assertThat(languages.in(Locale.ENGLISH).say("turn.variants", "count", 3)).isEqualTo("3 variants");
        assertThat(languages.in(Locale.GERMAN).say("turn.variants", "count", 3)).isEqualTo("3 Varianten");
    }

    @Test
    void aRegionalTagGetsItsLanguageAndAnUnspokenOneGetsEnglish() {
        assertThat(languages.forTag("de-AT").locale()).isEqualTo(Locale.GERMAN);
        assertThat(languages.forTag("pt-BR").locale()).isEqualTo(Locale.ENGLISH);
        assertThat(languages.forTag(null).locale()).isEqualTo(Locale.ENGLISH);
        assertThat(languages.best(Locale.LanguageRange.parse("fr-CH, de;q=0.8, en;q=0.5")).locale()).isEqualTo(Locale.GERMAN);
    }

    @Test
    void anUnknownKeyIsAnErrorNotASilentlyEmptyMessage() {
        assertThatThrownBy(() -> languages.in(Locale.GERMAN).say("no.such.key")).isInstanceOf(MissingResourceException.class);
        assertThat(Languages.ownPatterns("words/chat", Locale.GERMAN)).containsKey("turn.variants");
        assertThat(languages.spoken()).isEqualTo(List.of(Locale.ENGLISH, Locale.GERMAN));
    }
}
