package dev.kontextbot.adapter.chat.commands;

import java.util.Objects;

/** What a {@link ChatCommand} answers: text in the surface's markup ({@link Surface#bold}), shown only to the person who asked. */
public record ChatReply(String text) {
    public ChatReply {
        Objects.requireNonNull(text, "text");
    }
}
