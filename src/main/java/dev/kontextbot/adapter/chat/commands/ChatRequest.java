package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Platform;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One use of a {@link ChatCommand}, as every surface can describe it.
 *
 * @param surface      where it was used (its markup, its help)
 * @param words        the person's language
 * @param tenant       the server or workspace (Discord's direct messages: the person's own tenant)
 * @param conversation the channel it was used in (in a thread: the thread's channel)
 * @param administers  whether the person may change the tenant's rules; asked only when a handler needs it (Slack
 *                     asks its API)
 * @param options      the values given, by the catalogue's {@link Option#name()}, as text
 * @param place        what only the surface knows about the place (its session, its links, its upload limit)
 */
public record ChatRequest(Surface surface, Words words, Platform platform, String tenant, String conversation, String user,
                          BooleanSupplier administers, Map<String, String> options, ChatPlace place) {

    public ChatRequest {
        Objects.requireNonNull(surface, "surface");
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(administers, "administers");
        options = Map.copyOf(options);
        Objects.requireNonNull(place, "place");
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public boolean mayAdminister() {
        return administers.getAsBoolean();
    }
}
