package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.Platform;

import java.util.Optional;

/**
 * The language each person's chat client last reported, per platform, as a language tag ("de", "en-US"). Kept for
 * the messages sent to them when nothing they sent carries it (a direct message's later turns, after a restart or
 * from another instance); the adapters say which tag a platform reported and what it means.
 */
public interface PersonLocales {
    Optional<String> of(Platform platform, String person);

    /** Records {@code languageTag} as the person's language, replacing the one they had. */
    void remember(Platform platform, String person, String languageTag);
}
