package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * The bot's side of interactions: the initial callback ({@code interactions/{id}/{token}/callback}), follow-ups
 * and edits through the interaction webhook ({@code webhooks/{app}/{token}}). As on Discord, an interaction can
 * be acknowledged once and only within the deadline, and @original exists only once it was acknowledged.
 */
final class InteractionResponder {
    static final int REPLY = 4;
    static final int DEFERRED_REPLY = 5;
    static final int DEFERRED_UPDATE = 6;
    static final int UPDATE = 7;
    static final int AUTOCOMPLETE_RESULT = 8;
    static final int MODAL = 9;

    /** What the fake remembers about an interaction it dispatched. */
    static final class State {
        final SentInteraction sent;
        final FakeChannel channel;
        final FakeUser user;
        /** The type of the messages the bot sends in answer: 20 slash command, 23 context menu, 0 otherwise. */
        final int messageType;
        final long dispatchedAtNanos = System.nanoTime();
        final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
        volatile String originalMessageId;

        State(SentInteraction sent, FakeChannel channel, FakeUser user, int messageType) {
            this.sent = sent;
            this.channel = channel;
            this.user = user;
            this.messageType = messageType;
        }
    }

    private final FakeWorld world;
    private final MessageStore messages;
    private final GatewayEcho echo;
    private final Map<String, State> byToken = new ConcurrentHashMap<>();
    private volatile Duration ackDeadline = Duration.ofSeconds(3);

    InteractionResponder(FakeWorld world, MessageStore messages, GatewayEcho echo) {
        this.world = world;
        this.messages = messages;
        this.echo = echo;
    }

    void setAckDeadline(Duration deadline) {
        this.ackDeadline = deadline;
    }

    void register(State state) {
        byToken.put(state.sent.token(), state);
    }

    State state(SentInteraction sent) {
        return byToken.get(sent.token());
    }

    Reply callback(String id, String token, JsonNode body, List<RecordedCall.FilePart> files, boolean withResponse) {
        State interaction = byToken.get(token);
        Duration deadline = ackDeadline;
        if (interaction == null || !interaction.sent.id().equals(id)
                || deadline != null && System.nanoTime() - interaction.dispatchedAtNanos > deadline.toNanos()) {
            return Reply.error(404, 10062, "Unknown interaction");
        }
        int type = body.path("type").asInt();
        JsonNode data = body.path("data");
        synchronized (interaction) {
            if (!interaction.callbacks.isEmpty()) {
                return Reply.error(400, 40060, "Interaction has already been acknowledged.");
            }
            ObjectNode message = null;
            switch (type) {
                case REPLY -> {
                    if (Reply.isEmptyMessage(data, files.size())) {
                        return Reply.emptyMessage();
                    }
                    message = createMessage(interaction, data, files, 0);
                    interaction.originalMessageId = message.get("id").asText();
                }
                case DEFERRED_REPLY -> {
                    // Discord shows "thinking…" at once: a loading message that the first edit of @original fills.
                    int ephemeral = data.path("flags").asInt() & StoredMessage.EPHEMERAL;
                    message = createMessage(interaction, object(), List.of(), StoredMessage.LOADING | ephemeral);
                    interaction.originalMessageId = message.get("id").asText();
                }
                case DEFERRED_UPDATE, UPDATE -> {
                    if (interaction.sent.type() != SentInteraction.COMPONENT && interaction.sent.type() != SentInteraction.MODAL_SUBMIT
                            || interaction.sent.messageId() == null) {
                        return Reply.error(400, 50035, "Invalid Form Body: this interaction has no message to update");
                    }
                    interaction.originalMessageId = interaction.sent.messageId();
                    if (type == UPDATE) {
                        message = edit(interaction.sent.messageId(), data, files);
                    }
                }
                case AUTOCOMPLETE_RESULT, MODAL -> {
                    // Choices and modals stay in the recorded call and in callbacks(); nothing is posted.
                }
                default -> {
                    return Reply.error(400, 50035, "Invalid Form Body: callback type " + type);
                }
            }
            interaction.callbacks.add(body.deepCopy());
            return withResponse ? Reply.ok(callbackResponse(interaction, type, message)) : Reply.noContent();
        }
    }

    Reply followUp(String applicationId, String token, JsonNode payload, List<RecordedCall.FilePart> files, boolean wait) {
        State interaction = byToken.get(token);
        if (interaction == null || !applicationId.equals(interaction.sent.applicationId()) || interaction.callbacks.isEmpty()) {
            return Reply.unknownWebhook();
        }
        if (Reply.isEmptyMessage(payload, files.size())) {
            return Reply.emptyMessage();
        }
        ObjectNode message = createMessage(interaction, payload, files, 0);
        return wait ? Reply.ok(message) : Reply.noContent();
    }

    /** GET, PATCH or DELETE of {@code webhooks/{app}/{token}/messages/{id or @original}}. */
    Reply webhookMessage(String method, String applicationId, String token, String messageRef, JsonNode payload,
                         List<RecordedCall.FilePart> files) {
        State interaction = byToken.get(token);
        if (interaction == null || !applicationId.equals(interaction.sent.applicationId())) {
            return Reply.unknownWebhook();
        }
        String messageId = messageRef.equals("@original") ? interaction.originalMessageId : messageRef;
        ObjectNode message = messageId == null ? null : messages.get(messageId);
        if (message == null) {
            return Reply.unknownMessage();
        }
        return switch (method) {
            case "GET" -> Reply.ok(message);
            case "PATCH" -> Reply.ok(edit(messageId, payload, files));
            default -> {
                messages.delete(messageId);
                echo.deleted(message);
                yield Reply.noContent();
            }
        };
    }

    /** The body of a {@code with_response=true} callback, which JDA 6.3.0 always asks for. */
    private ObjectNode callbackResponse(State interaction, int type, ObjectNode message) {
        ObjectNode summary = object().put("id", interaction.sent.id()).put("type", interaction.sent.type());
        if (interaction.originalMessageId != null) {
            StoredMessage original = new StoredMessage(messages.get(interaction.originalMessageId));
            summary.put("response_message_id", original.id()).put("response_message_loading", original.isLoading())
                    .put("response_message_ephemeral", original.isEphemeral());
        }
        ObjectNode resource = object().put("type", type);
        if (message != null && (type == REPLY || type == UPDATE)) {
            resource.set("message", message);
        }
        return object().<ObjectNode>set("interaction", summary).set("resource", resource);
    }

    /** A message the bot sends through an interaction: by the bot, via the application's webhook. */
    private ObjectNode createMessage(State interaction, JsonNode payload, List<RecordedCall.FilePart> files, int extraFlags) {
        ObjectNode message = messages.create(interaction.channel, world.bot, payload, files);
        message.put("type", interaction.messageType).put("webhook_id", interaction.sent.applicationId())
                .put("application_id", interaction.sent.applicationId())
                .put("flags", message.get("flags").asInt() | extraFlags);
        ObjectNode metadata = DiscordPayloads.interactionMetadata(interaction.sent, interaction.user, interaction.channel.guildId());
        if (interaction.originalMessageId != null) {
            metadata.put("original_response_message_id", interaction.originalMessageId);
        }
        if (interaction.sent.type() == SentInteraction.COMPONENT) {
            metadata.put("interacted_message_id", interaction.sent.messageId());
        }
        message.set("interaction_metadata", metadata);
        messages.put(message);
        echo.created(message);
        return message;
    }

    private ObjectNode edit(String messageId, JsonNode payload, List<RecordedCall.FilePart> files) {
        ObjectNode message = messages.edit(messageId, payload, files);
        echo.updated(message);
        return message;
    }
}
