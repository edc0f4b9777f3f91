package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.model.Conversation;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.util.function.Supplier;

/**
 * Finds the id of the channel a session's messages go to: its thread, or the DM channel with its person. Takes the
 * shard manager as a supplier: the listeners that use this lookup are handed to the manager's builder, before the
 * manager exists.
 */
final class ChannelLookup {
    private final Supplier<ShardManager> manager;

    ChannelLookup(Supplier<ShardManager> manager) {
        this.manager = manager;
    }

    String idOf(Conversation conversation) {
        if (DiscordPlaces.isDirect(conversation)) {
            // Opening a DM works from any shard and returns the same channel each time (without a request when cached).
            return manager.get().retrieveUserById(DiscordPlaces.dmUser(conversation)).complete().openPrivateChannel().complete().getId();
        }
        return DiscordPlaces.messageChannel(conversation);
    }
}
