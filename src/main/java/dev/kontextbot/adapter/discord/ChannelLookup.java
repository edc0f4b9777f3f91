package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.model.Conversation;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.util.Optional;

/** Finds the channel a session's messages go to, across every shard this process runs. */
final class ChannelLookup {
    private final ShardManager shards;

    ChannelLookup(ShardManager shards) {
        this.shards = shards;
    }

    Optional<MessageChannel> of(Conversation conversation) {
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
