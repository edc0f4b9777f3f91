package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.dv8tion.jda.api.Permission;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who and where: users, guilds, channels, threads and DMs of one fake Discord, and the snowflakes for everything
 * created later. Threads and DMs appear while a test runs, so those maps are concurrent; the rest is fixed.
 */
final class FakeWorld {
    static final long DISCORD_EPOCH = 1420070400000L;

    /** What @everyone may do in the modelled guilds: enough for a bot that answers in threads with files. */
    static final long EVERYONE_PERMISSIONS = Permission.getRaw(
            Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND, Permission.CREATE_PUBLIC_THREADS,
            Permission.MESSAGE_SEND_IN_THREADS, Permission.MESSAGE_ATTACH_FILES, Permission.MESSAGE_EMBED_LINKS,
            Permission.MESSAGE_HISTORY, Permission.MESSAGE_ADD_REACTION, Permission.USE_APPLICATION_COMMANDS,
            Permission.MESSAGE_EXT_EMOJI);
    static final long ALL_PERMISSIONS = Permission.getRaw(Arrays.stream(Permission.values())
            .filter(p -> p != Permission.UNKNOWN).toList());

    // Seeded from the clock so ids decode to plausible creation times, then strictly increasing.
    private final AtomicLong snowflakes = new AtomicLong((System.currentTimeMillis() - DISCORD_EPOCH) << 22);

    final FakeUser bot = user("kontext", true);
    final FakeUser alice = user("alice", false);
    final FakeUser bob = user("bob", false);
    final FakeUser carol = user("carol", false);
    final FakeUser dave = user("dave", false);
    final FakeUser otherBot = user("otherbot", true);
    final List<FakeGuild> guilds = new ArrayList<>();
    final Map<String, FakeChannel> threads = new ConcurrentHashMap<>();
    /** The thread objects as created (owner, timestamps), for GUILD_CREATE, interactions and GET channels/{id}. */
    private final Map<String, ObjectNode> threadObjects = new ConcurrentHashMap<>();
    /** DM channels by recipient user id. */
    final Map<String, FakeChannel> dms = new ConcurrentHashMap<>();
    /** The language of a user's Discord client, or a guild's preferred locale, by id; en-US when not set. */
    final Map<String, String> locales = new ConcurrentHashMap<>();

    String localeOf(String userOrGuildId) {
        return locales.getOrDefault(userOrGuildId, "en-US");
    }

    FakeWorld(boolean secondGuild) {
        this(secondGuild, 0, 1);
    }

    /** The first guild's events go to shard {@code guildShard} of {@code shardTotal}. */
    FakeWorld(boolean secondGuild, int guildShard, int shardTotal) {
        // A snowflake's shard comes from its timestamp bits: step them until the next id lands on the wanted shard.
        while (FakeGateway.shardOf(Long.toUnsignedString(snowflakes.get() + 1), shardTotal) != guildShard) {
            snowflakes.addAndGet(1L << 22);
        }
        guilds.add(guild("Kontext Test", List.of(bot, alice, bob, carol, otherBot), carol));
        if (secondGuild) {
            guilds.add(guild("Other Tenant", List.of(bot, alice, dave), dave));
        }
    }

    String nextId() {
        return Long.toUnsignedString(snowflakes.incrementAndGet());
    }

    List<FakeUser> users() {
        return List.of(bot, alice, bob, carol, dave, otherBot);
    }

    Optional<FakeUser> user(String id) {
        return users().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    Optional<FakeGuild> guild(String id) {
        return guilds.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    Optional<FakeChannel> channel(String id) {
        for (FakeGuild guild : guilds) {
            if (guild.general().id().equals(id)) {
                return Optional.of(guild.general());
            }
        }
        FakeChannel thread = threads.get(id);
        if (thread != null) {
            return Optional.of(thread);
        }
        return dms.values().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    FakeChannel thread(String id, FakeChannel parent, String name, FakeUser owner) {
        FakeChannel thread = new FakeChannel(id, FakeChannel.PUBLIC_THREAD, parent.guildId(), parent.id(), name, null);
        threadObjects.put(id, DiscordPayloads.thread(thread, owner.id(), DiscordPayloads.now()));
        threads.put(id, thread);
        return thread;
    }

    ObjectNode threadObject(String id) {
        return threadObjects.get(id).deepCopy();
    }

    List<ObjectNode> activeThreads(FakeGuild guild) {
        return threads.values().stream().filter(t -> t.guildId().equals(guild.id())).map(t -> threadObject(t.id()))
                .filter(t -> !t.at("/thread_metadata/archived").asBoolean()).toList();
    }

    void archive(String threadId) {
        ((ObjectNode) threadObjects.get(threadId).get("thread_metadata")).put("archived", true);
    }

    FakeChannel dm(FakeUser recipient) {
        return dms.computeIfAbsent(recipient.id(), k -> new FakeChannel(nextId(), FakeChannel.DM, null, null, null, recipient.id()));
    }

    /** Permissions as Discord computes them for interactions: the union of the member's roles, all if admin. */
    long permissions(FakeGuild guild, FakeUser user) {
        return guild.isAdmin(user) ? ALL_PERMISSIONS : EVERYONE_PERMISSIONS;
    }

    private FakeUser user(String name, boolean isBot) {
        return new FakeUser(nextId(), name, isBot);
    }

    private FakeGuild guild(String name, List<FakeUser> members, FakeUser admin) {
        String id = nextId();
        FakeChannel general = new FakeChannel(nextId(), FakeChannel.TEXT, id, null, "general", null);
        return new FakeGuild(id, name, admin.id(), nextId(), general, List.copyOf(members), Set.of(admin.id()));
    }
}
