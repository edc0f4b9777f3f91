package dev.kontextbot.engine.model;

/**
 * Where a session lives: a thread of a channel of a tenant (Discord guild, Slack workspace, the playground).
 * One session per thread.
 */
public record Conversation(Platform platform, String tenant, String channel, String thread) {
    public Conversation {
        requireText(tenant, "tenant");
        requireText(channel, "channel");
        requireText(thread, "thread");
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException(what + " must be 1-128 characters");
        }
    }
}
