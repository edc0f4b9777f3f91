package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.JSON;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Discord's REST API v10 for the routes a bot uses, over the fake's state: messages (with uploads), threads, DMs,
 * application commands and interaction responses. Every request is recorded; a route the fake does not know is
 * answered 404 with {@code {"code":10000,"message":"Unknown"}} and recorded as {@link RecordedCall#unknownRoute()}.
 * Like Discord, the bot's own messages, threads and reactions come back over the gateway as events.
 */
final class FakeDiscordRest extends Dispatcher {
    static final String API_PREFIX = "/api/v10/";

    /** A request as the routes see it: path relative to the API root, JSON body or payload_json, file parts. */
    record Request(String method, String path, Map<String, String> query, String authorization, boolean multipart,
                   JsonNode json, List<RecordedCall.FilePart> files) {
    }

    record Reply(int status, JsonNode body) {
    }

    private record Route(String method, Pattern path, BiFunction<Request, Matcher, Reply> handler) {
    }

    private record Failure(String method, Pattern path, Reply reply) {
    }

    /** What the fake remembers about an interaction it dispatched. */
    static final class InteractionState {
        final SentInteraction sent;
        final FakeChannel channel;
        final FakeUser user;
        final int messageType;
        final List<ObjectNode> callbacks = new CopyOnWriteArrayList<>();
        final long dispatchedAtNanos = System.nanoTime();
        volatile String originalMessageId;

        InteractionState(SentInteraction sent, FakeChannel channel, FakeUser user, int messageType) {
            this.sent = sent;
            this.channel = channel;
            this.user = user;
            this.messageType = messageType;
        }
    }

    private final FakeWorld world;
    private final String token;
    private final MessageStore messages;
    private final CallRecorder recorder;
    private final FakeGateway gateway;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, InteractionState> interactions = new ConcurrentHashMap<>();
    /** Registered commands by scope: "" for global, else the guild id; each keyed by name as Discord does. */
    private final Map<String, Map<String, ObjectNode>> commands = new ConcurrentHashMap<>();
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private volatile boolean echoOwnMessages = true;
    private volatile Duration ackDeadline = Duration.ofSeconds(3);

    FakeDiscordRest(FakeWorld world, String token, MessageStore messages, CallRecorder recorder, FakeGateway gateway) {
        this.world = world;
        this.token = token;
        this.messages = messages;
        this.recorder = recorder;
        this.gateway = gateway;
        defineRoutes();
    }

    void setEchoOwnMessages(boolean echo) {
        this.echoOwnMessages = echo;
    }

    /** Discord forgets an interaction not answered within 3 s; null turns the check off. */
    void setAckDeadline(Duration deadline) {
        this.ackDeadline = deadline;
    }

    void failNext(String method, String pathRegex, int status, int code, String message) {
        failures.add(new Failure(method, Pattern.compile(pathRegex), error(status, code, message)));
    }

    void register(InteractionState interaction) {
        interactions.put(interaction.sent.token(), interaction);
    }

    InteractionState interaction(SentInteraction sent) {
        return interactions.get(sent.token());
    }

    List<String> downloads() {
        return List.copyOf(downloads);
    }

    List<ObjectNode> commands(String guildIdOrNull) {
        return commands.getOrDefault(guildIdOrNull == null ? "" : guildIdOrNull, Map.of()).values().stream()
                .map(ObjectNode::deepCopy).toList();
    }

    /** The id of a registered command by name, preferring the guild's own over a global one. */
    String commandId(String guildIdOrNull, String name) {
        for (String scope : guildIdOrNull == null ? List.of("") : List.of(guildIdOrNull, "")) {
            ObjectNode command = commands.getOrDefault(scope, Map.of()).get(name);
            if (command != null) {
                return command.get("id").asText();
            }
        }
        return null;
    }

    boolean isGuildCommand(String guildId, String name) {
        return guildId != null && commands.getOrDefault(guildId, Map.of()).containsKey(name);
    }

    // ---------------------------------------------------------------- dispatching

    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
        String rawPath = recorded.getUrl().encodedPath();
        if (rawPath.startsWith("/attachments/")) {
            return download(String.join("/", recorded.getUrl().pathSegments()));
        }
        Request request = parse(recorded);
        Reply reply;
        boolean unknown = false;
        if (!rawPath.startsWith(API_PREFIX)) {
            reply = error(404, 0, "404: Not Found");
            unknown = true;
        } else if (!authorized(request)) {
            reply = error(401, 0, "401: Unauthorized");
        } else if ((reply = injectedFailure(request)) != null) {
            // answered by the failure a test asked for
        } else {
            reply = null;
            for (Route route : routes) {
                Matcher matcher = route.path.matcher(request.path());
                if (route.method.equals(request.method()) && matcher.matches()) {
                    reply = route.handler.apply(request, matcher);
                    break;
                }
            }
            if (reply == null) {
                reply = error(404, 10000, "Unknown");
                unknown = true;
            }
        }
        recorder.add(new RecordedCall(0, request.method(), request.path(), request.query(), request.authorization(),
                request.multipart(), request.json(), request.files(), reply.status(), unknown));
        MockResponse.Builder response = new MockResponse.Builder().code(reply.status());
        if (reply.body() != null) {
            response.addHeader("Content-Type", "application/json").body(reply.body().toString());
        }
        return response.build();
    }

    private Reply injectedFailure(Request request) {
        for (Failure failure : failures) {
            if (failure.method().equals(request.method()) && failure.path().matcher(request.path()).matches() && failures.remove(failure)) {
                return failure.reply();
            }
        }
        return null;
    }

    /** Interaction and webhook routes authenticate by their token in the path, the rest by the bot token. */
    private boolean authorized(Request request) {
        if (request.path().startsWith("interactions/") || request.path().startsWith("webhooks/")) {
            return true;
        }
        return ("Bot " + token).equals(request.authorization());
    }

    private MockResponse download(String path) {
        downloads.add(path);
        MessageStore.ServedFile file = messages.served(path);
        if (file == null) {
            return new MockResponse.Builder().code(404).body("Not Found").build();
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", file.contentType())
                .body(new Buffer().write(file.bytes())).build();
    }

    private static Request parse(RecordedRequest recorded) {
        List<String> segments = recorded.getUrl().pathSegments();
        String path = String.join("/", segments.size() > 2 ? segments.subList(2, segments.size()) : segments);
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : recorded.getUrl().queryParameterNames()) {
            query.put(name, recorded.getUrl().queryParameter(name));
        }
        String contentType = recorded.getHeaders().get("Content-Type");
        byte[] body = recorded.getBody() == null ? new byte[0] : recorded.getBody().toByteArray();
        JsonNode json = MissingNode.getInstance();
        List<RecordedCall.FilePart> files = new ArrayList<>();
        boolean multipart = contentType != null && contentType.startsWith("multipart/");
        try {
            if (multipart) {
                MultipartReader reader = new MultipartReader(new Buffer().write(body),
                        MediaType.get(contentType).parameter("boundary"));
                MultipartReader.Part part;
                while ((part = reader.nextPart()) != null) {
                    Headers headers = part.headers();
                    String disposition = headers.get("Content-Disposition");
                    String name = dispositionParam(disposition, "name");
                    byte[] bytes = part.body().readByteArray();
                    if ("payload_json".equals(name)) {
                        json = JSON.readTree(bytes);
                    } else {
                        files.add(new RecordedCall.FilePart(name, dispositionParam(disposition, "filename"),
                                headers.get("Content-Type"), bytes));
                    }
                }
            } else if (body.length > 0) {
                json = JSON.readTree(body);
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable request body for " + path, e);
        }
        return new Request(recorded.getMethod(), path, Collections.unmodifiableMap(query),
                recorded.getHeaders().get("Authorization"), multipart, json, List.copyOf(files));
    }

    private static String dispositionParam(String disposition, String param) {
        if (disposition == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("(?:^|;)\\s*" + param + "=\"([^\"]*)\"").matcher(disposition);
        return matcher.find() ? matcher.group(1) : null;
    }

    // ---------------------------------------------------------------- routes

    private void route(String method, String pathRegex, BiFunction<Request, Matcher, Reply> handler) {
        String regex = pathRegex.replace("{id}", "(\\d+)").replace("{token}", "([A-Za-z0-9_.\\-]+)")
                .replace("{any}", "([^/]+)");
        routes.add(new Route(method, Pattern.compile(regex), handler));
    }

    private void defineRoutes() {
        route("GET", "users/@me", (r, m) -> ok(DiscordPayloads.selfUser(world.bot)));
        route("GET", "users/{id}", (r, m) -> world.user(m.group(1)).map(u -> ok(DiscordPayloads.user(u)))
                .orElseGet(() -> error(404, 10013, "Unknown User")));
        route("GET", "gateway", (r, m) -> ok(object().put("url", gateway.url())));
        route("GET", "gateway/bot", (r, m) -> ok(object().put("url", gateway.url()).put("shards", 1)
                .set("session_start_limit", object().put("total", 1000).put("remaining", 999).put("reset_after", 0)
                        .put("max_concurrency", 1))));
        route("GET", "(?:oauth2/)?applications/@me", (r, m) -> ok(application()));
        route("POST", "users/@me/channels", (r, m) -> openDm(r));
        route("GET", "guilds/{id}/members/{id}", (r, m) -> member(m.group(1), m.group(2)));

        route("PUT", "applications/{id}/commands", (r, m) -> putCommands(m.group(1), null, r.json()));
        route("PUT", "applications/{id}/guilds/{id}/commands", (r, m) -> putCommands(m.group(1), m.group(2), r.json()));
        route("GET", "applications/{id}/commands", (r, m) -> ok(listCommands(null)));
        route("GET", "applications/{id}/guilds/{id}/commands", (r, m) -> ok(listCommands(m.group(2))));
        route("POST", "applications/{id}/commands", (r, m) -> ok(upsertCommand(null, r.json())));
        route("POST", "applications/{id}/guilds/{id}/commands", (r, m) -> ok(upsertCommand(m.group(2), r.json())));
        route("DELETE", "applications/{id}/commands/{id}", (r, m) -> deleteCommand(null, m.group(2)));
        route("DELETE", "applications/{id}/guilds/{id}/commands/{id}", (r, m) -> deleteCommand(m.group(2), m.group(3)));

        route("POST", "interactions/{id}/{token}/callback", this::callback);
        route("POST", "webhooks/{id}/{token}", (r, m) -> followUp(r, m.group(1), m.group(2)));
        route("GET", "webhooks/{id}/{token}/messages/{any}", (r, m) -> webhookMessage(r, m, "GET"));
        route("PATCH", "webhooks/{id}/{token}/messages/{any}", (r, m) -> webhookMessage(r, m, "PATCH"));
        route("DELETE", "webhooks/{id}/{token}/messages/{any}", (r, m) -> webhookMessage(r, m, "DELETE"));

        route("GET", "channels/{id}", (r, m) -> world.channel(m.group(1)).map(c -> ok(DiscordPayloads.channel(world, c)))
                .orElseGet(FakeDiscordRest::unknownChannel));
        route("POST", "channels/{id}/typing", (r, m) -> channelExists(m.group(1)) ? noContent() : unknownChannel());
        route("GET", "channels/{id}/messages", (r, m) -> history(m.group(1), r.query()));
        route("POST", "channels/{id}/messages", (r, m) -> postMessage(r, m.group(1)));
        route("GET", "channels/{id}/messages/{id}", (r, m) -> messages.exists(m.group(1), m.group(2))
                ? ok(messages.get(m.group(2))) : unknownMessage());
        route("PATCH", "channels/{id}/messages/{id}", (r, m) -> editChannelMessage(r, m.group(1), m.group(2)));
        route("DELETE", "channels/{id}/messages/{id}", (r, m) -> deleteMessage(m.group(1), m.group(2)));
        route("PUT", "channels/{id}/messages/{id}/reactions/{any}/@me", (r, m) -> ownReaction(m.group(1), m.group(2), m.group(3), true));
        route("DELETE", "channels/{id}/messages/{id}/reactions/{any}/@me", (r, m) -> ownReaction(m.group(1), m.group(2), m.group(3), false));
        route("DELETE", "channels/{id}/messages/{id}/reactions/{any}/{id}", (r, m) -> removeReaction(m.group(1), m.group(2), m.group(3), m.group(4)));
        route("DELETE", "channels/{id}/messages/{id}/reactions/{any}", (r, m) -> clearReactions(m.group(1), m.group(2), m.group(3)));
        route("DELETE", "channels/{id}/messages/{id}/reactions", (r, m) -> clearReactions(m.group(1), m.group(2), null));
        route("POST", "channels/{id}/threads", (r, m) -> startThread(r, m.group(1), null));
        route("POST", "channels/{id}/messages/{id}/threads", (r, m) -> startThread(r, m.group(1), m.group(2)));
        route("PUT", "channels/{id}/thread-members/@me", (r, m) -> world.threads.containsKey(m.group(1)) ? noContent() : unknownChannel());
    }

    // ---------------------------------------------------------------- users, guilds, applications

    private ObjectNode application() {
        return object().put("id", world.bot.id()).put("name", world.bot.username()).putNull("icon")
                .put("description", "FLUX.1 Kontext image editing").put("summary", "").put("bot_public", true)
                .put("bot_require_code_grant", false).put("verify_key", "0".repeat(64)).put("flags", 0)
                .<ObjectNode>set("owner", DiscordPayloads.user(world.carol)).putNull("team")
                .<ObjectNode>set("bot", DiscordPayloads.user(world.bot)).set("redirect_uris", array());
    }

    private Reply openDm(Request request) {
        return world.user(request.json().path("recipient_id").asText())
                .map(user -> ok(DiscordPayloads.dmChannel(world.dm(user), user)))
                .orElseGet(() -> error(404, 10013, "Unknown User"));
    }

    private Reply member(String guildId, String userId) {
        FakeGuild guild = world.guild(guildId).orElse(null);
        if (guild == null) {
            return error(404, 10004, "Unknown Guild");
        }
        return world.user(userId).filter(guild::isMember).map(u -> ok(DiscordPayloads.member(guild, u, true)))
                .orElseGet(() -> error(404, 10007, "Unknown Member"));
    }

    // ---------------------------------------------------------------- application commands

    private Reply putCommands(String applicationId, String guildId, JsonNode body) {
        if (!applicationId.equals(world.bot.id())) {
            return error(403, 50001, "Missing Access");
        }
        if (guildId != null && world.guild(guildId).isEmpty()) {
            return error(403, 50001, "Missing Access");
        }
        String scope = guildId == null ? "" : guildId;
        Map<String, ObjectNode> previous = commands.getOrDefault(scope, Map.of());
        Map<String, ObjectNode> next = new LinkedHashMap<>();
        for (JsonNode command : body) {
            ObjectNode old = previous.get(command.path("name").asText());
            next.put(command.path("name").asText(), commandObject(guildId, command, old == null ? null : old.get("id").asText()));
        }
        commands.put(scope, next);
        return ok(listCommands(guildId));
    }

    private ArrayNode listCommands(String guildId) {
        ArrayNode list = array();
        commands(guildId).forEach(list::add);
        return list;
    }

    private ObjectNode upsertCommand(String guildId, JsonNode body) {
        String scope = guildId == null ? "" : guildId;
        Map<String, ObjectNode> scoped = commands.computeIfAbsent(scope, k -> new ConcurrentHashMap<>());
        ObjectNode old = scoped.get(body.path("name").asText());
        ObjectNode command = commandObject(guildId, body, old == null ? null : old.get("id").asText());
        scoped.put(body.path("name").asText(), command);
        return command.deepCopy();
    }

    private Reply deleteCommand(String guildId, String commandId) {
        Map<String, ObjectNode> scoped = commands.getOrDefault(guildId == null ? "" : guildId, Map.of());
        boolean removed = scoped.values().removeIf(c -> c.get("id").asText().equals(commandId));
        return removed ? noContent() : error(404, 10063, "Unknown application command");
    }

    /** The command as Discord stores it: what was sent plus id, version, application and defaults. */
    private ObjectNode commandObject(String guildId, JsonNode sent, String keepId) {
        ObjectNode command = sent.deepCopy();
        command.put("id", keepId != null ? keepId : world.nextId()).put("application_id", world.bot.id())
                .put("version", world.nextId());
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

    // ---------------------------------------------------------------- interactions

    private Reply callback(Request request, Matcher path) {
        InteractionState interaction = interactions.get(path.group(2));
        if (interaction == null || !interaction.sent.id().equals(path.group(1))) {
            return error(404, 10062, "Unknown interaction");
        }
        JsonNode data = request.json().path("data");
        int type = request.json().path("type").asInt();
        Duration deadline = ackDeadline;
        if (deadline != null && System.nanoTime() - interaction.dispatchedAtNanos > deadline.toNanos()) {
            return error(404, 10062, "Unknown interaction");
        }
        synchronized (interaction) {
            if (!interaction.callbacks.isEmpty()) {
                return error(400, 40060, "Interaction has already been acknowledged.");
            }
            ObjectNode message = null;
            switch (type) {
                case 4 -> {
                    if (isEmptyMessage(data, request.files())) {
                        return emptyMessage();
                    }
                    message = createInteractionMessage(interaction, data, request.files(), 0);
                    interaction.originalMessageId = message.get("id").asText();
                }
                case 5 -> {
                    int ephemeral = data.path("flags").asInt() & StoredMessage.EPHEMERAL;
                    message = createInteractionMessage(interaction, object(), List.of(), StoredMessage.LOADING | ephemeral);
                    interaction.originalMessageId = message.get("id").asText();
                }
                case 6, 7 -> {
                    if (interaction.sent.messageId() == null || interaction.sent.type() == SentInteraction.COMMAND) {
                        return error(400, 50035, "Invalid Form Body: interaction has no message to update");
                    }
                    interaction.originalMessageId = interaction.sent.messageId();
                    if (type == 7) {
                        message = editMessage(interaction.sent.messageId(), data, request.files());
                    }
                }
                case 8, 9 -> {
                    // Autocomplete choices and modals are kept in the recorded call and in callbacks.
                }
                default -> {
                    return error(400, 50035, "Invalid Form Body: callback type " + type);
                }
            }
            interaction.callbacks.add(request.json().deepCopy());
            if (!"true".equals(request.query().get("with_response"))) {
                return noContent();
            }
            return ok(callbackResponse(interaction, type, message));
        }
    }

    /** The body of a {@code with_response=true} callback, which JDA 6.3.0 always asks for. */
    private ObjectNode callbackResponse(InteractionState interaction, int type, ObjectNode message) {
        ObjectNode summary = object().put("id", interaction.sent.id()).put("type", interaction.sent.type());
        if (interaction.originalMessageId != null) {
            StoredMessage original = new StoredMessage(messages.get(interaction.originalMessageId));
            summary.put("response_message_id", original.id()).put("response_message_loading", original.isLoading())
                    .put("response_message_ephemeral", original.isEphemeral());
        }
        ObjectNode resource = object().put("type", type);
        if (message != null && (type == 4 || type == 7)) {
            resource.set("message", message);
        }
        return object().<ObjectNode>set("interaction", summary).set("resource", resource);
    }

    private Reply followUp(Request request, String applicationId, String token) {
        InteractionState interaction = interactions.get(token);
        if (interaction == null || !applicationId.equals(interaction.sent.applicationId())) {
            return error(404, 10015, "Unknown Webhook");
        }
        if (interaction.callbacks.isEmpty()) {
            return error(404, 10015, "Unknown Webhook");
        }
        if (isEmptyMessage(request.json(), request.files())) {
            return emptyMessage();
        }
        ObjectNode message = createInteractionMessage(interaction, request.json(), request.files(), 0);
        return "false".equals(request.query().get("wait")) ? noContent() : ok(message);
    }

    private Reply webhookMessage(Request request, Matcher path, String method) {
        InteractionState interaction = interactions.get(path.group(2));
        if (interaction == null || !path.group(1).equals(interaction.sent.applicationId())) {
            return error(404, 10015, "Unknown Webhook");
        }
        String messageId = path.group(3).equals("@original") ? interaction.originalMessageId : path.group(3);
        if (messageId == null || messages.get(messageId) == null) {
            return error(404, 10008, "Unknown Message");
        }
        return switch (method) {
            case "GET" -> ok(messages.get(messageId));
            case "PATCH" -> ok(editMessage(messageId, request.json(), request.files()));
            default -> deleteMessage(messages.get(messageId).get("channel_id").asText(), messageId);
        };
    }

    /** A message the bot sends through an interaction: authored by the bot via the application's webhook. */
    private ObjectNode createInteractionMessage(InteractionState interaction, JsonNode payload, List<RecordedCall.FilePart> files, int extraFlags) {
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
        echo("MESSAGE_CREATE", message);
        return message;
    }

    // ---------------------------------------------------------------- channels and messages

    private Reply postMessage(Request request, String channelId) {
        FakeChannel channel = world.channel(channelId).orElse(null);
        if (channel == null) {
            return unknownChannel();
        }
        if (isEmptyMessage(request.json(), request.files())) {
            return emptyMessage();
        }
        if (request.json().path("content").asText("").length() > 2000) {
            return error(400, 50035, "Invalid Form Body: content must be 2000 or fewer in length.");
        }
        ObjectNode message = messages.create(channel, world.bot, request.json(), request.files());
        echo("MESSAGE_CREATE", message);
        return ok(message);
    }

    private Reply editChannelMessage(Request request, String channelId, String messageId) {
        if (!messages.exists(channelId, messageId)) {
            return unknownMessage();
        }
        if (!messages.get(messageId).at("/author/id").asText().equals(world.bot.id())) {
            return error(403, 50005, "Cannot edit a message authored by another user");
        }
        return ok(editMessage(messageId, request.json(), request.files()));
    }

    private ObjectNode editMessage(String messageId, JsonNode payload, List<RecordedCall.FilePart> files) {
        ObjectNode message = messages.edit(messageId, payload, files);
        echo("MESSAGE_UPDATE", message);
        return message;
    }

    private Reply deleteMessage(String channelId, String messageId) {
        if (!messages.exists(channelId, messageId)) {
            return unknownMessage();
        }
        ObjectNode message = messages.get(messageId);
        messages.delete(messageId);
        if (echoOwnMessages && (message.path("flags").asInt() & StoredMessage.EPHEMERAL) == 0) {
            ObjectNode event = object().put("id", messageId).put("channel_id", channelId);
            world.channel(channelId).map(FakeChannel::guildId).ifPresent(g -> event.put("guild_id", g));
            dispatchIfConnected("MESSAGE_DELETE", event);
        }
        return noContent();
    }

    private Reply history(String channelId, Map<String, String> query) {
        if (!channelExists(channelId)) {
            return unknownChannel();
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        ArrayNode list = array();
        messages.history(channelId).stream()
                .filter(m -> !query.containsKey("before") || Long.compareUnsigned(id(m), Long.parseUnsignedLong(query.get("before"))) < 0)
                .filter(m -> !query.containsKey("after") || Long.compareUnsigned(id(m), Long.parseUnsignedLong(query.get("after"))) > 0)
                .limit(limit).forEach(list::add);
        return ok(list);
    }

    private Reply ownReaction(String channelId, String messageId, String emoji, boolean add) {
        if (!messages.exists(channelId, messageId)) {
            return unknownMessage();
        }
        if (messages.react(messageId, emoji, world.bot.id(), add)) {
            FakeChannel channel = world.channel(channelId).orElseThrow();
            dispatchIfConnected(add ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE",
                    DiscordPayloads.reaction(world, channel, messages.get(messageId), world.bot, emoji, add));
        }
        return noContent();
    }

    private Reply removeReaction(String channelId, String messageId, String emoji, String userId) {
        if (!messages.exists(channelId, messageId)) {
            return unknownMessage();
        }
        messages.react(messageId, emoji, userId, false);
        return noContent();
    }

    private Reply clearReactions(String channelId, String messageId, String emojiOrNull) {
        if (!messages.exists(channelId, messageId)) {
            return unknownMessage();
        }
        messages.clearReactions(messageId, emojiOrNull);
        return noContent();
    }

    /**
     * A public thread from a channel, or from a message (then the thread takes the message's id, as in Discord).
     * Discord announces new threads with THREAD_CREATE, so the fake dispatches one before answering.
     */
    private Reply startThread(Request request, String channelId, String messageId) {
        FakeChannel parent = world.channel(channelId).orElse(null);
        if (parent == null || parent.type() != FakeChannel.TEXT) {
            return unknownChannel();
        }
        String name = request.json().path("name").asText("");
        if (name.isBlank() || name.length() > 100) {
            return error(400, 50035, "Invalid Form Body: name must be between 1 and 100 in length.");
        }
        if (messageId != null && !messages.exists(channelId, messageId)) {
            return unknownMessage();
        }
        if (messageId != null && world.threads.containsKey(messageId)) {
            return error(400, 160004, "A thread has already been created for this message");
        }
        FakeChannel thread = world.thread(messageId != null ? messageId : world.nextId(), parent, name, world.bot);
        ObjectNode json = DiscordPayloads.selfThreadMember(world.threadObject(thread.id()), world.bot);
        if (messageId != null) {
            ObjectNode starter = messages.get(messageId);
            starter.set("thread", world.threadObject(thread.id()));
            messages.put(starter);
        }
        dispatchIfConnected("THREAD_CREATE", json.deepCopy().put("newly_created", true));
        return ok(json);
    }

    // ---------------------------------------------------------------- helpers

    /** The bot's own messages come back as gateway events, as they do from Discord (not ephemeral ones). */
    private void echo(String type, ObjectNode message) {
        if (echoOwnMessages && (message.path("flags").asInt() & StoredMessage.EPHEMERAL) == 0) {
            dispatchIfConnected(type, DiscordPayloads.messageEvent(world, message));
        }
    }

    private void dispatchIfConnected(String type, ObjectNode payload) {
        if (gateway.isIdentified()) {
            gateway.dispatch(type, payload);
        }
    }

    private boolean channelExists(String channelId) {
        return world.channel(channelId).isPresent();
    }

    private static long id(JsonNode message) {
        return Long.parseUnsignedLong(message.get("id").asText());
    }

    private static boolean isEmptyMessage(JsonNode payload, List<RecordedCall.FilePart> files) {
        return payload.path("content").asText("").isEmpty() && payload.path("embeds").isEmpty()
                && payload.path("components").isEmpty() && payload.path("sticker_ids").isEmpty()
                && !payload.has("poll") && files.isEmpty();
    }

    private static Reply emptyMessage() {
        return error(400, 50006, "Cannot send an empty message");
    }

    private static Reply unknownChannel() {
        return error(404, 10003, "Unknown Channel");
    }

    private static Reply unknownMessage() {
        return error(404, 10008, "Unknown Message");
    }

    private static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    private static Reply noContent() {
        return new Reply(204, null);
    }

    private static Reply error(int status, int code, String message) {
        return new Reply(status, object().put("code", code).put("message", message));
    }
}
