package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * What Discord tells the gateway about the bot's own REST actions: its messages (created, edited, deleted), its
 * reactions and its threads. Ephemeral messages never appear. Nothing is sent while no JDA is connected.
 */
final class GatewayEcho {
    private final FakeWorld world;
    private final FakeGateway gateway;
    private volatile boolean ownMessages = true;

    GatewayEcho(FakeWorld world, FakeGateway gateway) {
        this.world = world;
        this.gateway = gateway;
    }

    void setOwnMessages(boolean echo) {
        this.ownMessages = echo;
    }

    void created(ObjectNode message) {
        message("MESSAGE_CREATE", message);
    }

    void updated(ObjectNode message) {
        message("MESSAGE_UPDATE", message);
    }

    void deleted(ObjectNode message) {
        if (ownMessages && !ephemeral(message)) {
            String channelId = message.get("channel_id").asText();
            ObjectNode event = object().put("id", message.get("id").asText()).put("channel_id", channelId);
            world.channel(channelId).map(FakeChannel::guildId).ifPresent(g -> event.put("guild_id", g));
            dispatch("MESSAGE_DELETE", event);
        }
    }

    void dispatch(String type, ObjectNode payload) {
        if (gateway.isIdentified()) {
            gateway.dispatch(type, payload);
        }
    }

    private void message(String type, ObjectNode message) {
        if (ownMessages && !ephemeral(message)) {
            dispatch(type, DiscordPayloads.messageEvent(world, message));
        }
    }

    private static boolean ephemeral(ObjectNode message) {
        return (message.path("flags").asInt() & StoredMessage.EPHEMERAL) != 0;
    }
}
