package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Messages as Discord would store them, and the files behind their attachments. Creating and editing apply what
 * Discord does to a payload on the way in: attachments get ids and CDN URLs, {@code attachment://} references in
 * embeds resolve to them, embeds get {@code type: rich} (JDA rejects embeds without a type), components get their
 * numeric {@code id}s, and user mentions in the content fill {@code mentions}.
 */
final class MessageStore {
    record ServedFile(byte[] bytes, String contentType) {
    }

    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");

    private final FakeWorld world;
    private final Function<String, String> cdnUrl;
    private final Map<String, ObjectNode> messages = new LinkedHashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<String, Map<String, Set<String>>> reactions = new HashMap<>();
    private final Map<String, ServedFile> files = new HashMap<>();
    private final Map<String, String> attachmentPaths = new HashMap<>();

    MessageStore(FakeWorld world, Function<String, String> cdnUrl) {
        this.world = world;
        this.cdnUrl = cdnUrl;
    }

    /** A new message from {@code payload} (a create-message body) and uploaded {@code uploads}. */
    synchronized ObjectNode create(FakeChannel channel, FakeUser author, JsonNode payload, List<RecordedCall.FilePart> uploads) {
        String id = world.nextId();
        ObjectNode message = object().put("id", id).put("type", 0).put("channel_id", channel.id());
        message.set("author", DiscordPayloads.user(author));
        message.put("content", payload.path("content").asText(""));
        message.put("timestamp", DiscordPayloads.now()).putNull("edited_timestamp");
        message.put("tts", payload.path("tts").asBoolean(false)).put("mention_everyone", false);
        message.set("mentions", mentions(message.path("content").asText()));
        message.set("mention_roles", array());
        message.set("attachments", attachments(channel, payload.path("attachments"), uploads, array()));
        message.set("embeds", embeds(payload.path("embeds"), (ArrayNode) message.get("attachments")));
        message.set("components", numbered(payload.path("components")));
        message.put("pinned", false).put("flags", payload.path("flags").asInt(0));
        if (payload.hasNonNull("nonce")) {
            message.set("nonce", payload.get("nonce"));
        }
        JsonNode reference = payload.path("message_reference");
        if (reference.hasNonNull("message_id") && messages.containsKey(reference.get("message_id").asText())) {
            ObjectNode referenced = messages.get(reference.get("message_id").asText());
            message.put("type", 19);
            message.set("message_reference", object().put("type", 0).put("message_id", referenced.get("id").asText())
                    .put("channel_id", referenced.get("channel_id").asText()).put("guild_id", channel.guildId()));
            message.set("referenced_message", referenced.deepCopy());
        }
        messages.put(id, message);
        return message.deepCopy();
    }

    /** A message a fake user posts, with files as they would upload them. */
    synchronized ObjectNode createFromUser(FakeChannel channel, FakeUser author, String content, List<FakeFile> attached) {
        List<RecordedCall.FilePart> parts = new ArrayList<>();
        ArrayNode descriptors = array();
        for (int i = 0; i < attached.size(); i++) {
            FakeFile file = attached.get(i);
            parts.add(new RecordedCall.FilePart("files[" + i + "]", file.filename(), file.contentType(), file.bytes()));
            descriptors.add(object().put("id", i).put("filename", file.filename()));
        }
        return create(channel, author, object().put("content", content).set("attachments", descriptors), parts);
    }

    /** Applies a PATCH body: only the fields present change, as in Discord. */
    synchronized ObjectNode edit(String id, JsonNode payload, List<RecordedCall.FilePart> uploads) {
        ObjectNode message = messages.get(id);
        FakeChannel channel = world.channel(message.get("channel_id").asText()).orElseThrow();
        if (payload.has("content")) {
            message.put("content", payload.path("content").asText(""));
            message.set("mentions", mentions(message.path("content").asText()));
        }
        if (payload.has("attachments") || !uploads.isEmpty()) {
            ArrayNode kept = (ArrayNode) message.get("attachments");
            JsonNode descriptors = payload.has("attachments") ? payload.get("attachments") : appendedUploads(kept, uploads);
            message.set("attachments", attachments(channel, descriptors, uploads, kept));
        }
        if (payload.has("embeds")) {
            message.set("embeds", embeds(payload.get("embeds"), (ArrayNode) message.get("attachments")));
        }
        if (payload.has("components")) {
            message.set("components", numbered(payload.get("components")));
        }
        if (payload.has("flags")) {
            // Ephemerality is fixed at creation; edits can only toggle the other flags.
            int ephemeral = message.path("flags").asInt() & StoredMessage.EPHEMERAL;
            message.put("flags", payload.get("flags").asInt() | ephemeral);
        }
        message.put("flags", message.path("flags").asInt() & ~StoredMessage.LOADING);
        message.put("edited_timestamp", DiscordPayloads.now());
        return message.deepCopy();
    }

    synchronized void put(ObjectNode message) {
        messages.put(message.get("id").asText(), message.deepCopy());
    }

    synchronized ObjectNode get(String id) {
        ObjectNode message = messages.get(id);
        return message == null ? null : message.deepCopy();
    }

    synchronized boolean exists(String channelId, String id) {
        ObjectNode message = messages.get(id);
        return message != null && message.get("channel_id").asText().equals(channelId);
    }

    synchronized void delete(String id) {
        if (messages.remove(id) != null) {
            deleted.add(id);
        }
    }

    synchronized boolean isDeleted(String id) {
        return deleted.contains(id);
    }

    /** Newest first, as {@code GET channels/{id}/messages} answers. */
    synchronized List<ObjectNode> history(String channelId) {
        return messages.values().stream().filter(m -> m.get("channel_id").asText().equals(channelId))
                .sorted(Comparator.comparing((ObjectNode m) -> Long.parseUnsignedLong(m.get("id").asText())).reversed())
                .map(ObjectNode::deepCopy).toList();
    }

    /** Adds or removes one user's reaction and rewrites the message's {@code reactions}; false if nothing changed. */
    synchronized boolean react(String messageId, String emoji, String userId, boolean add) {
        ObjectNode message = messages.get(messageId);
        Map<String, Set<String>> byEmoji = reactions.computeIfAbsent(messageId, k -> new LinkedHashMap<>());
        Set<String> users = byEmoji.computeIfAbsent(emoji, k -> new LinkedHashSet<>());
        boolean changed = add ? users.add(userId) : users.remove(userId);
        if (users.isEmpty()) {
            byEmoji.remove(emoji);
        }
        ArrayNode summary = array();
        byEmoji.forEach((name, who) -> summary.add(object().put("count", who.size())
                .<ObjectNode>set("count_details", object().put("burst", 0).put("normal", who.size()))
                .put("me", who.contains(world.bot.id())).put("me_burst", false)
                .<ObjectNode>set("emoji", DiscordPayloads.emoji(name)).set("burst_colors", array())));
        if (summary.isEmpty()) {
            message.remove("reactions");
        } else {
            message.set("reactions", summary);
        }
        return changed;
    }

    synchronized void clearReactions(String messageId, String emojiOrNull) {
        Map<String, Set<String>> byEmoji = reactions.getOrDefault(messageId, new HashMap<>());
        for (String emoji : List.copyOf(byEmoji.keySet())) {
            if (emojiOrNull == null || emoji.equals(emojiOrNull)) {
                for (String user : List.copyOf(byEmoji.get(emoji))) {
                    react(messageId, emoji, user, false);
                }
            }
        }
    }

    synchronized String serve(String path, byte[] bytes, String contentType) {
        files.put(path, new ServedFile(bytes, contentType));
        return cdnUrl.apply(path);
    }

    synchronized ServedFile served(String path) {
        return files.get(path);
    }

    synchronized byte[] attachmentBytes(String attachmentId) {
        String path = attachmentPaths.get(attachmentId);
        return path == null ? null : files.get(path).bytes();
    }

    /** An attachment object for {@code file}, served under a CDN-like path with Discord's signed-URL query. */
    synchronized ObjectNode attachment(String channelId, String filename, String contentType, byte[] bytes, String description) {
        String id = world.nextId();
        String path = "attachments/" + channelId + "/" + id + "/" + filename;
        String url = serve(path, bytes, contentType) + "?ex=" + Long.toHexString(System.currentTimeMillis() / 1000 + 86400)
                + "&is=" + Long.toHexString(System.currentTimeMillis() / 1000) + "&hm=" + Integer.toHexString(path.hashCode()) + "&";
        attachmentPaths.put(id, path);
        ObjectNode json = object().put("id", id).put("filename", filename).put("size", bytes.length).put("url", url)
                .put("proxy_url", url).put("content_type", contentType).put("flags", 0);
        if (description != null && !description.isEmpty()) {
            json.put("description", description);
        }
        int[] size = imageSize(bytes);
        if (size != null) {
            json.put("width", size[0]).put("height", size[1]);
        }
        return json;
    }

    private ArrayNode attachments(FakeChannel channel, JsonNode descriptors, List<RecordedCall.FilePart> uploads, ArrayNode existing) {
        Map<String, RecordedCall.FilePart> byPart = new HashMap<>();
        uploads.forEach(part -> byPart.put(part.name(), part));
        ArrayNode result = array();
        if (!descriptors.isArray() || descriptors.isEmpty()) {
            // Files without an attachments array are still attached, in part order.
            uploads.forEach(part -> result.add(attachment(channel.id(), part.filename(), contentType(part), part.bytes(), null)));
            return result;
        }
        for (JsonNode descriptor : descriptors) {
            String id = descriptor.path("id").asText();
            RecordedCall.FilePart upload = byPart.get("files[" + id + "]");
            if (upload != null) {
                String name = descriptor.path("filename").asText(upload.filename());
                result.add(attachment(channel.id(), name, contentType(upload), upload.bytes(), descriptor.path("description").asText(null)));
            } else {
                for (JsonNode kept : existing) {
                    if (kept.path("id").asText().equals(id)) {
                        result.add(kept.deepCopy());
                    }
                }
            }
        }
        return result;
    }

    private static JsonNode appendedUploads(ArrayNode kept, List<RecordedCall.FilePart> uploads) {
        ArrayNode descriptors = array();
        kept.forEach(a -> descriptors.add(object().put("id", a.path("id").asText())));
        uploads.forEach(part -> descriptors.add(object().put("id", part.name().replaceAll("\\D", ""))));
        return descriptors;
    }

    private static String contentType(RecordedCall.FilePart part) {
        if (part.contentType() != null && !part.contentType().equals("application/octet-stream")) {
            return part.contentType();
        }
        String name = part.filename() == null ? "" : part.filename().toLowerCase();
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (name.endsWith(".webp")) {
            return "image/webp";
        }
        return part.contentType() == null ? "application/octet-stream" : part.contentType();
    }

    private static ArrayNode embeds(JsonNode requested, ArrayNode attachments) {
        ArrayNode result = array();
        for (JsonNode embed : requested.isArray() ? requested : array()) {
            ObjectNode copy = embed.deepCopy();
            if (!copy.hasNonNull("type")) {
                copy.put("type", "rich");
            }
            resolveAttachmentUrl(copy.path("image"), attachments);
            resolveAttachmentUrl(copy.path("thumbnail"), attachments);
            result.add(copy);
        }
        return result;
    }

    private static void resolveAttachmentUrl(JsonNode media, ArrayNode attachments) {
        if (!(media instanceof ObjectNode node) || !node.path("url").asText().startsWith("attachment://")) {
            return;
        }
        String name = node.get("url").asText().substring("attachment://".length());
        for (JsonNode attachment : attachments) {
            if (attachment.path("filename").asText().equals(name)) {
                node.put("url", attachment.get("url").asText()).put("proxy_url", attachment.get("proxy_url").asText());
                if (attachment.has("width")) {
                    node.put("width", attachment.get("width").asInt()).put("height", attachment.get("height").asInt());
                }
            }
        }
    }

    /** Discord numbers every component that has no {@code id}, depth first, skipping the ids already taken. */
    private static ArrayNode numbered(JsonNode components) {
        ArrayNode copy = components.isArray() ? components.deepCopy() : array();
        Set<Integer> taken = new HashSet<>();
        walk(copy, node -> {
            if (node.has("id")) {
                taken.add(node.get("id").asInt());
            }
        });
        int[] next = {1};
        walk(copy, node -> {
            if (!node.has("id")) {
                while (taken.contains(next[0])) {
                    next[0]++;
                }
                node.put("id", next[0]);
                taken.add(next[0]);
            }
        });
        return copy;
    }

    private static void walk(JsonNode node, java.util.function.Consumer<ObjectNode> component) {
        if (node instanceof ObjectNode object && object.path("type").isInt()) {
            component.accept(object);
        }
        if (node.isArray()) {
            node.forEach(child -> walk(child, component));
        } else if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (field.equals("components") || field.equals("component") || field.equals("accessory")) {
                    walk(node.get(field), component);
                }
            }
        }
    }

    private ArrayNode mentions(String content) {
        ArrayNode result = array();
        Set<String> seen = new HashSet<>();
        Matcher matcher = USER_MENTION.matcher(content);
        while (matcher.find()) {
            String id = matcher.group(1);
            if (seen.add(id)) {
                world.user(id).ifPresent(u -> result.add(DiscordPayloads.user(u)));
            }
        }
        return result;
    }

    private static int[] imageSize(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
