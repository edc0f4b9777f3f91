package dev.kontextbot.adapter.chat.commands;

import java.util.Objects;

/**
 * A file a {@link ChatReply} carries (a picture, an export) and the session it shows: Discord attaches it to the
 * private answer; Slack, which uploads no file for one person only, posts it into the session's thread.
 */
public record ChatFile(String name, byte[] bytes, long sessionId) {
    public ChatFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
    }
}
