package dev.kontextbot.adapter.discord.fake;

/** A Discord user known to the fake; {@code id} is a snowflake string as on the wire. */
public record FakeUser(String id, String username, boolean bot) {
    public long idLong() {
        return Long.parseUnsignedLong(id);
    }

    /** The mention form that Discord puts in message content. */
    public String mention() {
        return "<@" + id + ">";
    }
}
