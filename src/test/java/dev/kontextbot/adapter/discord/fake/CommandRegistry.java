package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;

/**
 * Application commands as Discord stores them, global and per guild. A bulk overwrite keeps the id of a command
 * whose name stays, as Discord does, so interactions can carry the id the bot registered.
 */
final class CommandRegistry {
    private static final String GLOBAL = "";

    private final FakeWorld world;
    /** By scope (GLOBAL or a guild id), then by name. */
    private final Map<String, Map<String, ObjectNode>> commands = new ConcurrentHashMap<>();

    CommandRegistry(FakeWorld world) {
        this.world = world;
    }

    Reply overwrite(String applicationId, String guildId, JsonNode body) {
        if (!applicationId.equals(world.bot.id()) || guildId != null && world.guild(guildId).isEmpty()) {
            return Reply.error(403, 50001, "Missing Access");
        }
        Map<String, ObjectNode> previous = scoped(guildId);
        Map<String, ObjectNode> next = new LinkedHashMap<>();
        for (JsonNode command : body) {
            String name = command.path("name").asText();
            next.put(name, stored(guildId, command, previous.get(name)));
        }
        commands.put(scope(guildId), next);
        return Reply.ok(list(guildId));
    }

    Reply upsert(String guildId, JsonNode body) {
        Map<String, ObjectNode> next = new LinkedHashMap<>(scoped(guildId));
        ObjectNode command = stored(guildId, body, next.get(body.path("name").asText()));
        next.put(body.path("name").asText(), command);
        commands.put(scope(guildId), next);
        return Reply.ok(command.deepCopy());
    }

    Reply delete(String guildId, String commandId) {
        Map<String, ObjectNode> next = new LinkedHashMap<>(scoped(guildId));
        if (!next.values().removeIf(c -> c.get("id").asText().equals(commandId))) {
            return Reply.error(404, 10063, "Unknown application command");
        }
        commands.put(scope(guildId), next);
        return Reply.noContent();
    }

    ArrayNode list(String guildId) {
        ArrayNode list = array();
        all(guildId).forEach(list::add);
        return list;
    }

    List<ObjectNode> all(String guildIdOrNull) {
        return scoped(guildIdOrNull).values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The id of a registered command by name, preferring the guild's own over a global one; null if none. */
    String id(String guildIdOrNull, String name) {
        ObjectNode command = guildIdOrNull == null ? null : scoped(guildIdOrNull).get(name);
        if (command == null) {
            command = scoped(null).get(name);
        }
        return command == null ? null : command.get("id").asText();
    }

    boolean isGuildCommand(String guildIdOrNull, String name) {
        return guildIdOrNull != null && scoped(guildIdOrNull).containsKey(name);
    }

    private Map<String, ObjectNode> scoped(String guildIdOrNull) {
        return commands.getOrDefault(scope(guildIdOrNull), Map.of());
    }

    private static String scope(String guildIdOrNull) {
        return guildIdOrNull == null ? GLOBAL : guildIdOrNull;
    }

    /** What was sent plus the fields Discord adds: id, application, version, defaults, guild. */
    private ObjectNode stored(String guildId, JsonNode sent, ObjectNode previous) {
        ObjectNode command = sent.deepCopy();
        command.put("id", previous != null ? previous.get("id").asText() : world.nextId())
                .put("application_id", world.bot.id()).put("version", world.nextId());
        if (!command.has("type")) {
            command.put("type", 1);
        }
        if (!command.has("description")) {
            command.put("description", "");
        }
        if (!command.has("default_member_permissions")) {
            command.putNull("default_member_permissions");
        }
        if (!command.has("nsfw")) {
            command.put("nsfw", false);
        }
        if (guildId != null) {
            command.put("guild_id", guildId);
        }
        return command;
    }
}
