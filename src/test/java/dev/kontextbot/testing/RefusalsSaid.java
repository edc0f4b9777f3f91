package dev.kontextbot.testing;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Languages;
import org.assertj.core.api.ThrowingConsumer;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person reads for the engine's typed refusals: engine tests check the numbers a refusal carries through
 * the words Discord (or another surface) says for it, as people see them.
 */
public final class RefusalsSaid {
    private static final Languages LANGUAGES = Languages.load();

    private RefusalsSaid() {
    }

    /** The English words on Discord for {@code failure}. */
    public static String said(Throwable failure) {
        return said(failure, "discord");
    }

    public static String said(Throwable failure, String surface) {
        return new RefusalWords(LANGUAGES, surface).explain((RuntimeException) failure, Locale.ENGLISH);
    }

    public static ThrowingConsumer<Throwable> saysContaining(String part) {
        return e -> assertThat(said(e)).contains(part);
    }

    public static ThrowingConsumer<Throwable> saysStartingWith(String start) {
        return e -> assertThat(said(e)).startsWith(start);
    }
}
