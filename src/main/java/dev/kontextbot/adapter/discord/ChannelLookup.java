package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.model.Conversation;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the channel a session's messages go to, across every shard this process runs. Takes the shard manager as
 * a supplier: the listeners that use this lookup are handed to the manager's builder, before the manager exists.
 */
final class ChannelLookup {
    private final Supplier<ShardManager> manager;

    ChannelLookup(Supplier<ShardManager> manager) {
        this.manager = manager;
    }

    Optional<MessageChannel> of(Conversation conversation) {
        ShardManager shards = manager.get();
        if (DiscordPlaces.isDirect(conversation)) {
            MessageChannel cached = shards.getPrivateChannelById(conversation.channel());
            if (cached != null) {
                return Optional.of(cached);
            }
            // DM channels are not cached across restarts; opening one again is cheap and returns the same channel.
            return Optional.of(shards.retrieveUserById(DiscordPlaces.dmUser(conversation)).complete().openPrivateChannel().complete());
        }
        String id = DiscordPlaces.messageChannel(conversation);
        MessageChannel thread = shards.getThreadChannelById(id);
        return thread != null ? Optional.of(thread) : Optional.ofNullable(shards.getChannelById(GuildMessageChannel.class, id));
    }
}
