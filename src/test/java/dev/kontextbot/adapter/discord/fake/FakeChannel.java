package dev.kontextbot.adapter.discord.fake;

/**
 * A channel the fake knows: a guild text channel (type 0), a public thread (type 11, {@code parentId} set) or a
 * DM (type 1, {@code guildId} null, {@code recipientId} set).
 */
public record FakeChannel(String id, int type, String guildId, String parentId, String name, String recipientId) {
    public static final int TEXT = 0;
    public static final int DM = 1;
    public static final int PUBLIC_THREAD = 11;

    public boolean isThread() {
        return type == PUBLIC_THREAD;
    }

    public boolean isDm() {
        return type == DM;
    }

    public long idLong() {
        return Long.parseUnsignedLong(id);
    }
}
