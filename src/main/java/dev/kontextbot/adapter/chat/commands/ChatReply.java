package dev.kontextbot.adapter.chat.commands;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ChatCommand} answers: text in the surface's markup ({@link Surface#bold}), shown only to the person who
 * asked, and sometimes a file with it ({@link ChatFile}: how it is shown is the surface's).
 */
public record ChatReply(String text, Optional<ChatFile> file) {
    public ChatReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(file, "file");
    }

    public ChatReply(String text) {
        this(text, Optional.empty());
    }

    public static ChatReply withFile(String text, ChatFile file) {
        return new ChatReply(text, Optional.of(file));
    }
}
