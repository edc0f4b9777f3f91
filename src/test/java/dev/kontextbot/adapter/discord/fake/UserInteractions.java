package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Builds the INTERACTION_CREATE payloads for what users do (commands, clicks, modal submits), remembers each
 * interaction so its REST routes answer, and dispatches it.
 */
final class UserInteractions {
    private final FakeWorld world;
    private final MessageStore messages;
    private final CommandRegistry commands;
    private final InteractionResponder responder;
    private final FakeGateway gateway;
    private final CallRecorder recorder;

    UserInteractions(FakeWorld world, MessageStore messages, CommandRegistry commands, InteractionResponder responder,
                     FakeGateway gateway, CallRecorder recorder) {
        this.world = world;
        this.messages = messages;
        this.commands = commands;
        this.responder = responder;
        this.gateway = gateway;
        this.recorder = recorder;
    }

    SentInteraction slashCommand(FakeChannel channel, FakeUser user, String command, String subcommand, Map<String, ?> options) {
        ObjectNode resolved = object();
        ObjectNode data = commandData(channel, command, 1);
        data.set("options", nested(subcommand, optionValues(channel, options, resolved, null)));
        if (!resolved.isEmpty()) {
            data.set("resolved", resolved);
        }
        return send(SentInteraction.COMMAND, 20, channel, user, null, data);
    }

    SentInteraction autocomplete(FakeChannel channel, FakeUser user, String command, String subcommand,
                                 Map<String, ?> options, String focused) {
        ObjectNode data = commandData(channel, command, 1);
        data.set("options", nested(subcommand, optionValues(channel, options, object(), focused)));
        return send(SentInteraction.AUTOCOMPLETE, 0, channel, user, null, data);
    }

    SentInteraction messageContextCommand(FakeChannel channel, FakeUser user, String command, String targetMessageId) {
        ObjectNode target = existingMessage(targetMessageId);
        ObjectNode data = commandData(channel, command, 3).put("target_id", targetMessageId);
        data.set("resolved", object().set("messages", object().set(targetMessageId, target)));
        return send(SentInteraction.COMMAND, 23, channel, user, targetMessageId, data);
    }

    /** A component interaction; Discord sends the whole message the component is on. */
    SentInteraction component(FakeChannel channel, FakeUser user, String messageId, ObjectNode data) {
        return send(SentInteraction.COMPONENT, 0, channel, user, messageId, data);
    }

    SentInteraction modalSubmit(FakeChannel channel, FakeUser user, String messageId, String customId, Map<String, String> fields) {
        Map<String, Integer> opened = openedModalInputIds(customId);
        ArrayNode labels = array();
        int next = 1;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            Integer inputId = opened.isEmpty() ? Integer.valueOf(next + 1) : opened.get(field.getKey());
            if (inputId == null) {
                throw new IllegalArgumentException("modal " + customId + " has no text input " + field.getKey() + "; it has " + opened.keySet());
            }
            labels.add(object().put("type", 18).put("id", inputId - 1).set("component", object().put("type", 4)
                    .put("id", inputId).put("custom_id", field.getKey()).put("value", field.getValue())));
            next += 2;
        }
        ObjectNode data = object().put("custom_id", customId).set("components", labels);
        return send(SentInteraction.MODAL_SUBMIT, 0, channel, user, messageId, data);
    }

    /** {@code subcommand}: "edit", or "group subcommand" (e.g. "admin budget") for one in a subcommand group. */
    private static ArrayNode nested(String subcommand, ArrayNode values) {
        if (subcommand == null) {
            return values;
        }
        int space = subcommand.indexOf(' ');
        if (space > 0) {
            return array().add(object().put("name", subcommand.substring(0, space)).put("type", 2)
                    .set("options", nested(subcommand.substring(space + 1), values)));
        }
        return array().add(object().put("name", subcommand).put("type", 1).set("options", values));
    }

    private ObjectNode commandData(FakeChannel channel, String command, int type) {
        String id = commands.id(channel.guildId(), command);
        ObjectNode data = object().put("id", id != null ? id : world.nextId()).put("name", command).put("type", type);
        if (commands.isGuildCommand(channel.guildId(), command)) {
            data.put("guild_id", channel.guildId());
        }
        return data;
    }

    private ArrayNode optionValues(FakeChannel channel, Map<String, ?> options, ObjectNode resolved, String focused) {
        ArrayNode values = array();
        for (Map.Entry<String, ?> option : options.entrySet()) {
            ObjectNode json = object().put("name", option.getKey());
            Object value = option.getValue();
            if (value instanceof String s) {
                json.put("type", 3).put("value", s);
            } else if (value instanceof Integer || value instanceof Long) {
                json.put("type", 4).put("value", ((Number) value).longValue());
            } else if (value instanceof Boolean b) {
                json.put("type", 5).put("value", b);
            } else if (value instanceof Double || value instanceof Float) {
                json.put("type", 10).put("value", ((Number) value).doubleValue());
            } else if (value instanceof FakeUser u) {
                json.put("type", 6).put("value", u.id());
                resolveUser(channel, u, resolved);
            } else if (value instanceof FakeFile f) {
                ObjectNode attachment = messages.attachment(channel.id(), f.filename(), f.contentType(), f.bytes(), null);
                attachment.put("ephemeral", true);
                json.put("type", 11).put("value", attachment.get("id").asText());
                resolved.with("attachments").set(attachment.get("id").asText(), attachment);
            } else {
                throw new IllegalArgumentException("unsupported option value " + value + " for " + option.getKey());
            }
            if (option.getKey().equals(focused)) {
                // While typing, Discord sends the partial input as a string and marks the option focused.
                json.put("value", String.valueOf(value)).put("focused", true);
            }
            values.add(json);
        }
        return values;
    }

    private void resolveUser(FakeChannel channel, FakeUser user, ObjectNode resolved) {
        resolved.with("users").set(user.id(), DiscordPayloads.user(user));
        FakeGuild guild = channel.guildId() == null ? null : world.guild(channel.guildId()).orElseThrow();
        if (guild != null && guild.isMember(user)) {
            resolved.with("members").set(user.id(), DiscordPayloads.member(guild, user, false)
                    .put("permissions", Long.toUnsignedString(world.permissions(guild, user))));
        }
    }

    private SentInteraction send(int type, int messageType, FakeChannel channel, FakeUser user, String messageId, ObjectNode data) {
        String token = "aW50ZXJhY3Rpb246" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        SentInteraction sent = new SentInteraction(world.nextId(), token, world.bot.id(), type, channel.id(), channel.guildId(),
                user.id(), messageId);
        ObjectNode payload = DiscordPayloads.interaction(world, sent, channel, user, data);
        if (messageId != null && type != SentInteraction.COMMAND) {
            payload.set("message", existingMessage(messageId));
        }
        responder.register(new InteractionResponder.State(sent, channel, user, messageType));
        gateway.dispatch("INTERACTION_CREATE", payload);
        return sent;
    }

    private ObjectNode existingMessage(String messageId) {
        ObjectNode message = messages.get(messageId);
        if (message == null) {
            throw new IllegalArgumentException("the fake has no message " + messageId);
        }
        return message;
    }

    /** Text input ids by custom id from the last modal the bot opened with {@code customId}; empty if none. */
    private Map<String, Integer> openedModalInputIds(String customId) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<RecordedCall> calls = recorder.all();
        for (RecordedCall call : calls) {
            if (call.path().endsWith("/callback") && call.at("/type").asInt() == InteractionResponder.MODAL
                    && call.at("/data/custom_id").asText().equals(customId)) {
                ids.clear();
                collectTextInputs(call.at("/data/components"), ids);
            }
        }
        return ids;
    }

    private static void collectTextInputs(JsonNode node, Map<String, Integer> ids) {
        if (node.path("type").asInt() == 4 && node.has("custom_id")) {
            ids.put(node.get("custom_id").asText(), node.path("id").asInt(ids.size() * 2 + 2));
        }
        node.forEach(child -> collectTextInputs(child, ids));
    }
}
