package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Discord API v10 objects as JDA 6.3.0 parses them. Fields JDA reads with a non-optional getter (it throws when
 * they are absent) are always present; the others follow what Discord sends so adapters see realistic data.
 */
final class DiscordPayloads {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    static final String JOINED_AT = "2024-01-02T03:04:05.000000+00:00";

    private DiscordPayloads() {
    }

    static String timestamp(Instant instant) {
        return ISO.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static String now() {
        return timestamp(Instant.now());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static ObjectNode user(FakeUser user) {
        ObjectNode json = object().put("id", user.id()).put("username", user.username()).put("global_name", user.bot() ? null : capitalized(user.username()))
                .put("discriminator", "0").putNull("avatar").put("public_flags", 0).put("flags", 0).putNull("banner")
                .putNull("accent_color").putNull("avatar_decoration_data").putNull("primary_guild");
        if (user.bot()) {
            json.put("bot", true);
        }
        return json;
    }

    /** users/@me: the bot's own user, with the fields only the self user has. */
    static ObjectNode selfUser(FakeUser bot) {
        return user(bot).put("verified", true).put("mfa_enabled", false).putNull("email").put("locale", "en-US")
                .put("premium_type", 0).put("bot", true);
    }

    static ObjectNode member(FakeGuild guild, FakeUser user, boolean withUser) {
        ArrayNode roles = array();
        if (guild.isAdmin(user)) {
            roles.add(guild.adminRoleId());
        }
        ObjectNode json = object();
        if (withUser) {
            json.set("user", user(user));
        }
        return json.putNull("nick").putNull("avatar").putNull("banner").<ObjectNode>set("roles", roles)
                .put("joined_at", JOINED_AT).putNull("premium_since").put("deaf", false).put("mute", false)
                .put("flags", 0).put("pending", false).putNull("communication_disabled_until");
    }

    static ObjectNode role(String id, String name, int position, long permissions) {
        return object().put("id", id).put("name", name).put("color", 0)
                .<ObjectNode>set("colors", object().put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color"))
                .put("hoist", false).putNull("icon").putNull("unicode_emoji").put("position", position)
                .put("permissions", Long.toUnsignedString(permissions)).put("managed", false).put("mentionable", false)
                .put("flags", 0);
    }

    static ObjectNode textChannel(FakeChannel channel) {
        return object().put("id", channel.id()).put("type", FakeChannel.TEXT).put("guild_id", channel.guildId())
                .put("name", channel.name()).put("position", 0).<ObjectNode>set("permission_overwrites", array())
                .put("rate_limit_per_user", 0).put("nsfw", false).putNull("topic").putNull("last_message_id")
                .putNull("parent_id").put("default_auto_archive_duration", 1440).put("flags", 0);
    }

    /**
     * A public thread. JDA requires {@code thread_metadata} (with {@code archive_timestamp} and
     * {@code auto_archive_duration}), {@code owner_id}, {@code member_count} and {@code message_count}.
     */
    static ObjectNode thread(FakeChannel thread, String ownerId, String createdAt) {
        ObjectNode json = object().put("id", thread.id()).put("type", FakeChannel.PUBLIC_THREAD).put("guild_id", thread.guildId())
                .put("parent_id", thread.parentId()).put("owner_id", ownerId).put("name", thread.name())
                .putNull("last_message_id").put("rate_limit_per_user", 0).put("message_count", 0)
                .put("member_count", 1).put("total_message_sent", 0).put("flags", 0)
                .set("thread_metadata", object().put("archived", false).put("auto_archive_duration", 1440)
                        .put("archive_timestamp", createdAt).put("locked", false).put("create_timestamp", createdAt));
        return json;
    }

    /** The {@code member} of a thread object: the bot's own thread membership. */
    static ObjectNode selfThreadMember(ObjectNode thread, FakeUser bot) {
        return thread.set("member", object().put("id", thread.get("id").asText()).put("user_id", bot.id())
                .put("join_timestamp", thread.at("/thread_metadata/create_timestamp").asText()).put("flags", 1));
    }

    /** A reaction emoji: {@code name:id} for a custom emoji, otherwise the unicode character(s). */
    static ObjectNode emoji(String emoji) {
        int colon = emoji.lastIndexOf(':');
        if (colon > 0 && emoji.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return object().put("id", emoji.substring(colon + 1)).put("name", emoji.substring(0, colon)).put("animated", false);
        }
        return object().putNull("id").put("name", emoji);
    }

    static ObjectNode dmChannel(FakeChannel dm, FakeUser recipient) {
        return object().put("id", dm.id()).put("type", FakeChannel.DM).putNull("last_message_id").put("flags", 0)
                .set("recipients", array().add(user(recipient)));
    }

    /** The channel object as it appears inside interactions and {@code GET channels/{id}}. */
    static ObjectNode channel(FakeWorld world, FakeChannel channel) {
        if (channel.isDm()) {
            return dmChannel(channel, world.user(channel.recipientId()).orElseThrow());
        }
        if (channel.isThread()) {
            return world.threadObject(channel.id());
        }
        return textChannel(channel);
    }

    static ObjectNode guildCreate(FakeWorld world, FakeGuild guild) {
        ArrayNode members = array();
        guild.members().forEach(m -> members.add(member(guild, m, true)));
        ArrayNode threads = array();
        world.activeThreads(guild).forEach(threads::add);
        return object().put("id", guild.id()).put("name", guild.name()).putNull("icon").putNull("splash")
                .putNull("discovery_splash").putNull("banner").putNull("description").putNull("vanity_url_code")
                .put("owner_id", guild.ownerId()).put("application_id", (String) null).put("afk_timeout", 300)
                .putNull("afk_channel_id").put("system_channel_id", guild.general().id()).put("system_channel_flags", 0)
                .putNull("rules_channel_id").putNull("public_updates_channel_id").putNull("safety_alerts_channel_id")
                .put("verification_level", 0).put("default_message_notifications", 0).put("explicit_content_filter", 0)
                .put("mfa_level", 0).put("nsfw_level", 0).put("premium_tier", 0).put("premium_subscription_count", 0)
                .put("premium_progress_bar_enabled", false).put("preferred_locale", world.localeOf(guild.id())).put("max_members", 500000)
                .<ObjectNode>set("features", array()).put("large", false).put("unavailable", false)
                .put("joined_at", JOINED_AT).put("member_count", guild.members().size())
                .<ObjectNode>set("roles", array()
                        .add(role(guild.everyoneRoleId(), "@everyone", 0, FakeWorld.EVERYONE_PERMISSIONS))
                        .add(role(guild.adminRoleId(), "admin", 1, FakeWorld.ALL_PERMISSIONS)))
                .<ObjectNode>set("channels", array().add(textChannel(guild.general())))
                .<ObjectNode>set("threads", threads)
                .<ObjectNode>set("members", members)
                .<ObjectNode>set("emojis", array()).<ObjectNode>set("stickers", array())
                .<ObjectNode>set("voice_states", array()).<ObjectNode>set("presences", array())
                .<ObjectNode>set("guild_scheduled_events", array()).<ObjectNode>set("stage_instances", array())
                .set("soundboard_sounds", array());
    }

    /**
     * READY for one shard, listing the guilds of that shard (JDA waits for a GUILD_CREATE of each). JDA fails on a
     * missing {@code private_channels}; it takes the application id from {@code application.id} and reconnects to
     * {@code resume_gateway_url}.
     */
    static ObjectNode ready(FakeWorld world, List<FakeGuild> shardGuilds, int shard, int shardTotal, String sessionId, String resumeUrl) {
        ArrayNode guilds = array();
        shardGuilds.forEach(g -> guilds.add(object().put("id", g.id()).put("unavailable", true)));
        return object().put("v", 10).<ObjectNode>set("user", selfUser(world.bot)).<ObjectNode>set("guilds", guilds)
                .<ObjectNode>set("shard", array().add(shard).add(shardTotal))
                .<ObjectNode>set("private_channels", array()).<ObjectNode>set("relationships", array())
                .<ObjectNode>set("presences", array()).<ObjectNode>set("guild_join_requests", array())
                .<ObjectNode>set("geo_ordered_rtc_regions", array().add("fake"))
                .put("session_id", sessionId).put("session_type", "normal").put("resume_gateway_url", resumeUrl)
                .<ObjectNode>set("application", object().put("id", world.bot.id()).put("flags", 0))
                .set("_trace", array().add("[\"fake-discord\",{\"micros\":0}]"));
    }

    /**
     * A stored message as the gateway delivers it: with {@code guild_id}, and the author's {@code member} (without
     * {@code user}) in guilds, which JDA needs to resolve authors it has not cached.
     */
    static ObjectNode messageEvent(FakeWorld world, ObjectNode message) {
        ObjectNode event = message.deepCopy();
        FakeChannel channel = world.channel(message.get("channel_id").asText()).orElseThrow();
        if (channel.guildId() != null) {
            FakeGuild guild = world.guild(channel.guildId()).orElseThrow();
            event.put("guild_id", guild.id());
            FakeUser author = world.user(message.at("/author/id").asText()).orElse(null);
            if (author != null && !message.has("webhook_id") && guild.isMember(author)) {
                event.set("member", member(guild, author, false));
            }
        }
        return event;
    }

    static ObjectNode reaction(FakeWorld world, FakeChannel channel, ObjectNode message, FakeUser user, String emoji, boolean add) {
        ObjectNode event = object().put("user_id", user.id()).put("channel_id", channel.id())
                .put("message_id", message.get("id").asText());
        if (channel.guildId() != null) {
            FakeGuild guild = world.guild(channel.guildId()).orElseThrow();
            event.put("guild_id", guild.id());
            if (add) {
                event.set("member", member(guild, user, true));
            }
        }
        event.set("emoji", emoji(emoji));
        if (add) {
            event.put("message_author_id", message.at("/author/id").asText()).set("burst_colors", array());
        }
        return event.put("burst", false).put("type", 0);
    }

    /**
     * The envelope every interaction shares. JDA 6.3.0 requires {@code token}, {@code channel} (it discards
     * interactions from non-message channels by {@code channel.type}), {@code context} and
     * {@code authorizing_integration_owners}; without a {@code guild} object it treats the interaction as a DM, and
     * for guilds it reads {@code member.user}.
     */
    static ObjectNode interaction(FakeWorld world, SentInteraction sent, FakeChannel channel, FakeUser user, ObjectNode data) {
        // Inside an interaction from the bot's own DM, Discord lists the bot as the channel's recipient (JDA relies on
        // that to tell the bot's DM from a DM between friends, where a user-installed app can't post).
        ObjectNode channelJson = channel.isDm() ? dmChannel(channel, world.bot) : channel(world, channel);
        ObjectNode json = object().put("id", sent.id()).put("application_id", sent.applicationId()).put("type", sent.type())
                .put("token", sent.token()).put("version", 1).<ObjectNode>set("data", data)
                .put("channel_id", channel.id()).put("locale", world.localeOf(user.id())).<ObjectNode>set("entitlements", array())
                .put("attachment_size_limit", 10 * 1024 * 1024);
        if (channel.guildId() != null) {
            FakeGuild guild = world.guild(channel.guildId()).orElseThrow();
            long permissions = world.permissions(guild, user);
            channelJson.put("permissions", Long.toUnsignedString(permissions));
            json.put("guild_id", guild.id()).put("guild_locale", world.localeOf(guild.id()))
                    .<ObjectNode>set("guild", object().put("id", guild.id()).put("locale", world.localeOf(guild.id())).set("features", array()))
                    .<ObjectNode>set("member", member(guild, user, true).put("permissions", Long.toUnsignedString(permissions)))
                    .put("app_permissions", Long.toUnsignedString(world.permissions(guild, world.bot)))
                    .<ObjectNode>set("authorizing_integration_owners", object().put("0", guild.id()))
                    .put("context", 0);
        } else {
            json.<ObjectNode>set("user", user(user)).put("app_permissions", Long.toUnsignedString(FakeWorld.EVERYONE_PERMISSIONS))
                    .<ObjectNode>set("authorizing_integration_owners", object().put("0", "0"))
                    .put("context", 1);
        }
        return json.set("channel", channelJson);
    }

    /** Who caused a message an interaction produced, as Discord puts it on the message. */
    static ObjectNode interactionMetadata(SentInteraction sent, FakeUser user, String guildIdOrNull) {
        return object().put("id", sent.id()).put("type", sent.type()).<ObjectNode>set("user", user(user))
                .set("authorizing_integration_owners", object().put("0", guildIdOrNull == null ? "0" : guildIdOrNull));
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
