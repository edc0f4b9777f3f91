package dev.kontextbot.adapter.discord.fake;

import java.util.List;
import java.util.Set;

/**
 * One modelled guild: its {@code #general} text channel, the @everyone role (whose id is the guild id, as in
 * Discord), an admin role, and its members (the bot first). {@code admins} hold the admin role.
 */
public record FakeGuild(String id, String name, String ownerId, String adminRoleId, FakeChannel general,
                        List<FakeUser> members, Set<String> admins) {
    public String everyoneRoleId() {
        return id;
    }

    public boolean isMember(FakeUser user) {
        return members.stream().anyMatch(m -> m.id().equals(user.id()));
    }

    public boolean isAdmin(FakeUser user) {
        return admins.contains(user.id());
    }

    public long idLong() {
        return Long.parseUnsignedLong(id);
    }

    /** The shard whose gateway connection receives this guild's events, when the bot runs {@code shardTotal} shards. */
    public int shard(int shardTotal) {
        return FakeGateway.shardOf(id, shardTotal);
    }
}
