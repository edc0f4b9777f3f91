package dev.kontextbot.adapter.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.AttachedFile;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import net.dv8tion.jda.internal.requests.RestActionImpl;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Posts, edits and deletes the bot's messages by channel id over Discord's REST API, whether or not this process
 * has the channel: a guild on a shard another instance runs, a thread archived before this process connected, a DM
 * after a restart. The calls go through a shard's requester, so Discord's rate limits and the configured API URL
 * apply; REST is not tied to a shard, so any shard of this process will do.
 *
 * <p>JDA 6.3 sends, edits and deletes only through a cached channel object and has no public call for a bare
 * channel id, so this is the one class that uses JDA's internal {@link RestActionImpl}. The bodies are the ones JDA
 * builds for its own sends and edits: the data's {@code toData()}, as multipart ({@code files[n]} and
 * {@code payload_json}) when there are files.
 */
final class DiscordRestMessages {
    private final Supplier<JDA> anyShard;

    /** {@code anyShard}: a shard of this process, asked for at each call (the shards start after this is built). */
    DiscordRestMessages(Supplier<JDA> anyShard) {
        this.anyShard = anyShard;
    }

    /** Posts {@code message} in the channel and returns the new message's id. */
    String post(String channelId, MessageCreateData message) {
        try (message) {
            // As in JDA's own sends: should the requester repeat the call (after a 5xx, say), Discord answers with the
            // message the first call made instead of posting a second.
            DataObject json = message.toData().put("enforce_nonce", true)
                    .put("nonce", Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            return send(Route.Messages.SEND_MESSAGE.compile(channelId), json, message.getAllDistinctFiles(),
                    response -> response.getString("id"));
        }
    }

    /** Edits the bot's message in the channel: what {@code message} sets changes, the rest stays. */
    void edit(String channelId, String messageId, MessageEditData message) {
        try (message) {
            send(Route.Messages.EDIT_MESSAGE.compile(channelId, messageId), message.toData(), message.getAllDistinctFiles(),
                    response -> null);
        }
    }

    /** Deletes the bot's message in the channel. */
    void delete(String channelId, String messageId) {
        new RestActionImpl<Void>(anyShard.get(), Route.Messages.DELETE_MESSAGE.compile(channelId, messageId)).complete();
    }

    private <T> T send(Route.CompiledRoute route, DataObject json, Set<? extends AttachedFile> files, Function<DataObject, T> result) {
        JDA shard = anyShard.get();
        RestActionImpl<T> action = files.isEmpty()
                ? new RestActionImpl<>(shard, route, json, (response, request) -> result.apply(response.getObject()))
                : new RestActionImpl<>(shard, route, AttachedFile.createMultipartBody(files, json).build(),
                        (response, request) -> result.apply(response.getObject()));
        return action.complete();
    }
}
