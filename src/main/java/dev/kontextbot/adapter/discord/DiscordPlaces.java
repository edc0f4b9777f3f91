package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.model.Conversation;

/**
 * Where a Discord session lives, as the engine's {@link Conversation}: in a server, a thread (tenant = the
 * server, channel = the thread's parent, thread = the thread); in direct messages, the DM channel itself (tenant
 * = "dm:" + the person, thread = the command that started it, so one DM holds many sessions, the newest taking
 * the replies).
 */
final class DiscordPlaces {
    static final String DM_TENANT_PREFIX = "dm:";

    private DiscordPlaces() {
    }

    static Conversation thread(String guildId, String parentId, String threadId) {
        return new Conversation(DiscordBot.PLATFORM, guildId, parentId, threadId);
    }

    static Conversation directMessages(String userId, String channelId, String sessionKey) {
        return new Conversation(DiscordBot.PLATFORM, dmTenant(userId), channelId, sessionKey);
    }

    static String dmTenant(String userId) {
        return DM_TENANT_PREFIX + userId;
    }

    static boolean isDirect(Conversation conversation) {
        return conversation.tenant().startsWith(DM_TENANT_PREFIX);
    }

    /** The person a DM session is with. */
    static String dmUser(Conversation conversation) {
        return conversation.tenant().substring(DM_TENANT_PREFIX.length());
    }

    /** The channel the session's messages go to: its thread, or the DM channel. */
    static String messageChannel(Conversation conversation) {
        return isDirect(conversation) ? conversation.channel() : conversation.thread();
    }

    /** Which tenant an event comes from: its server, or the person in DMs. */
    static String tenantOf(String guildIdOrNull, String userId) {
        return guildIdOrNull != null ? guildIdOrNull : dmTenant(userId);
    }
}
