package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** A snapshot of one message as the fake holds it: the Discord message object after all edits so far. */
public record StoredMessage(ObjectNode json) {
    static final int EPHEMERAL = 1 << 6;
    static final int LOADING = 1 << 7;

    public String id() {
        return json.path("id").asText();
    }

    public String channelId() {
        return json.path("channel_id").asText();
    }

    public String authorId() {
        return json.path("author").path("id").asText();
    }

    public String content() {
        return json.path("content").asText();
    }

    public int flags() {
        return json.path("flags").asInt();
    }

    public boolean isEphemeral() {
        return (flags() & EPHEMERAL) != 0;
    }

    /** A deferred interaction response that was not edited yet ("Bot is thinking…"). */
    public boolean isLoading() {
        return (flags() & LOADING) != 0;
    }

    public boolean isEdited() {
        return !json.path("edited_timestamp").isNull() && !json.path("edited_timestamp").isMissingNode();
    }

    public JsonNode embeds() {
        return json.path("embeds");
    }

    public JsonNode components() {
        return json.path("components");
    }

    public JsonNode attachments() {
        return json.path("attachments");
    }

    public List<String> attachmentFilenames() {
        List<String> names = new ArrayList<>();
        attachments().forEach(a -> names.add(a.path("filename").asText()));
        return names;
    }

    public List<String> attachmentUrls() {
        List<String> urls = new ArrayList<>();
        attachments().forEach(a -> urls.add(a.path("url").asText()));
        return urls;
    }

    /** Every {@code custom_id} in the component tree, in document order. */
    public List<String> customIds() {
        List<String> ids = new ArrayList<>();
        collectCustomIds(components(), ids);
        return ids;
    }

    private static void collectCustomIds(JsonNode node, List<String> ids) {
        if (node.isObject() && node.has("custom_id")) {
            ids.add(node.get("custom_id").asText());
        }
        node.forEach(child -> collectCustomIds(child, ids));
    }
}
