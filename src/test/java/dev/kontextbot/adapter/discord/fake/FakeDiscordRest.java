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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.JSON;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Discord's REST API v10 for the routes a bot uses, over the fake's state: messages (with uploads), threads, DMs,
 * and, through {@link CommandRegistry} and {@link InteractionResponder}, application commands and interaction
 * responses. Every request is recorded; a route the fake does not know is answered 404 with
 * {@code {"code":10000,"message":"Unknown"}} and recorded as {@link RecordedCall#unknownRoute()}.
 */
final class FakeDiscordRest extends Dispatcher {
    static final String API_PREFIX = "/api/v10/";

    /** A request as the routes see it: path relative to the API root, JSON body or payload_json, file parts. */
    record Request(String method, String path, Map<String, String> query, String authorization, boolean multipart,
                   JsonNode json, List<RecordedCall.FilePart> files) {
    }

    private record Route(String method, Pattern path, BiFunction<Request, Matcher, Reply> handler) {
    }

    private record Failure(String method, Pattern path, Reply reply) {
    }

    private final FakeWorld world;
    private final String token;
    private final MessageStore messages;
    private final CallRecorder recorder;
    private final FakeGateway gateway;
    private final GatewayEcho echo;
    private final CommandRegistry commands;
    private final InteractionResponder interactions;
    private final List<Route> routes = new ArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private volatile boolean refusingToken;
    private volatile String gatewayUrl;
    private final List<String> downloads = new CopyOnWriteArrayList<>();

    FakeDiscordRest(FakeWorld world, String token, MessageStore messages, CallRecorder recorder, FakeGateway gateway,
                    GatewayEcho echo, CommandRegistry commands, InteractionResponder interactions) {
        this.world = world;
        this.token = token;
        this.messages = messages;
        this.recorder = recorder;
        this.gateway = gateway;
        this.echo = echo;
        this.commands = commands;
        this.interactions = interactions;
        defineRoutes();
    }

    void failNext(String method, String pathRegex, int status, int code, String message) {
        failures.add(new Failure(method, Pattern.compile(pathRegex), Reply.error(status, code, message)));
    }

    List<String> downloads() {
        return List.copyOf(downloads);
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
            reply = Reply.error(404, 0, "404: Not Found");
            unknown = true;
        } else if (!authorized(request)) {
            reply = Reply.error(401, 0, "401: Unauthorized");
        } else if ((reply = injectedFailure(request)) == null) {
            reply = route(request);
            if (reply == null) {
                reply = Reply.error(404, 10000, "Unknown");
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

    private Reply route(Request request) {
        for (Route route : routes) {
            Matcher matcher = route.path.matcher(request.path());
            if (route.method.equals(request.method()) && matcher.matches()) {
                return route.handler.apply(request, matcher);
            }
        }
        return null;
    }

    private Reply injectedFailure(Request request) {
        for (Failure failure : failures) {
            if (failure.method().equals(request.method()) && failure.path().matcher(request.path()).matches() && failures.remove(failure)) {
                return failure.reply();
            }
        }
        return null;
    }

    /** Interaction and webhook routes authenticate by the token in their path, the rest by the bot token. */
    void refuseToken(boolean refuse) {
        refusingToken = refuse;
    }

    void announceGateway(String url) {
        gatewayUrl = url;
    }

    private String gatewayUrl() {
        String url = gatewayUrl;
        return url == null ? gateway.url() : url;
    }

    private boolean authorized(Request request) {
        if (refusingToken) {
            return false;
        }
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
        route("GET", "users/@me", (r, m) -> Reply.ok(DiscordPayloads.selfUser(world.bot)));
        route("GET", "users/{id}", (r, m) -> world.user(m.group(1)).map(u -> Reply.ok(DiscordPayloads.user(u)))
                .orElseGet(() -> Reply.error(404, 10013, "Unknown User")));
        route("GET", "gateway", (r, m) -> Reply.ok(object().put("url", gatewayUrl())));
        route("GET", "gateway/bot", (r, m) -> Reply.ok(object().put("url", gatewayUrl()).put("shards", 1)
                .set("session_start_limit", object().put("total", 1000).put("remaining", 999).put("reset_after", 0)
                        .put("max_concurrency", 1))));
        route("GET", "(?:oauth2/)?applications/@me", (r, m) -> Reply.ok(application()));
        route("POST", "users/@me/channels", (r, m) -> openDm(r));
        route("GET", "guilds/{id}/members/{id}", (r, m) -> member(m.group(1), m.group(2)));

        route("PUT", "applications/{id}/commands", (r, m) -> commands.overwrite(m.group(1), null, r.json()));
        route("PUT", "applications/{id}/guilds/{id}/commands", (r, m) -> commands.overwrite(m.group(1), m.group(2), r.json()));
        route("GET", "applications/{id}/commands", (r, m) -> Reply.ok(commands.list(null)));
        route("GET", "applications/{id}/guilds/{id}/commands", (r, m) -> Reply.ok(commands.list(m.group(2))));
        route("POST", "applications/{id}/commands", (r, m) -> commands.upsert(null, r.json()));
        route("POST", "applications/{id}/guilds/{id}/commands", (r, m) -> commands.upsert(m.group(2), r.json()));
        route("DELETE", "applications/{id}/commands/{id}", (r, m) -> commands.delete(null, m.group(2)));
        route("DELETE", "applications/{id}/guilds/{id}/commands/{id}", (r, m) -> commands.delete(m.group(2), m.group(3)));

        route("POST", "interactions/{id}/{token}/callback", (r, m) -> interactions.callback(m.group(1), m.group(2),
                r.json(), r.files(), "true".equals(r.query().get("with_response"))));
        route("POST", "webhooks/{id}/{token}", (r, m) -> interactions.followUp(m.group(1), m.group(2), r.json(), r.files(),
                !"false".equals(r.query().get("wait"))));
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            route(method, "webhooks/{id}/{token}/messages/{any}", (r, m) -> interactions.webhookMessage(method,
                    m.group(1), m.group(2), m.group(3), r.json(), r.files()));
        }

        route("GET", "channels/{id}", (r, m) -> world.channel(m.group(1)).map(c -> Reply.ok(DiscordPayloads.channel(world, c)))
                .orElseGet(Reply::unknownChannel));
        route("POST", "channels/{id}/typing", (r, m) -> channelExists(m.group(1)) ? Reply.noContent() : Reply.unknownChannel());
        route("GET", "channels/{id}/messages", (r, m) -> history(m.group(1), r.query()));
        route("POST", "channels/{id}/messages", (r, m) -> postMessage(r, m.group(1)));
        route("GET", "channels/{id}/messages/{id}", (r, m) -> messages.exists(m.group(1), m.group(2))
                ? Reply.ok(messages.get(m.group(2))) : Reply.unknownMessage());
        route("PATCH", "channels/{id}/messages/{id}", (r, m) -> editMessage(r, m.group(1), m.group(2)));
        route("DELETE", "channels/{id}/messages/{id}", (r, m) -> deleteMessage(m.group(1), m.group(2)));
        route("PUT", "channels/{id}/messages/{id}/reactions/{any}/@me", (r, m) -> ownReaction(m.group(1), m.group(2), m.group(3), true));
        route("DELETE", "channels/{id}/messages/{id}/reactions/{any}/@me", (r, m) -> ownReaction(m.group(1), m.group(2), m.group(3), false));
        route("DELETE", "channels/{id}/messages/{id}/reactions/{any}/{id}", (r, m) -> removeReactions(m.group(1), m.group(2), m.group(3), m.group(4)));
        route("DELETE", "channels/{id}/messages/{id}/reactions/{any}", (r, m) -> removeReactions(m.group(1), m.group(2), m.group(3), null));
        route("DELETE", "channels/{id}/messages/{id}/reactions", (r, m) -> removeReactions(m.group(1), m.group(2), null, null));
        route("POST", "channels/{id}/threads", (r, m) -> startThread(r, m.group(1), null));
        route("POST", "channels/{id}/messages/{id}/threads", (r, m) -> startThread(r, m.group(1), m.group(2)));
        route("PUT", "channels/{id}/thread-members/@me", (r, m) -> world.threads.containsKey(m.group(1))
                ? Reply.noContent() : Reply.unknownChannel());
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
                .map(user -> Reply.ok(DiscordPayloads.dmChannel(world.dm(user), user)))
                .orElseGet(() -> Reply.error(404, 10013, "Unknown User"));
    }

    private Reply member(String guildId, String userId) {
        FakeGuild guild = world.guild(guildId).orElse(null);
        if (guild == null) {
            return Reply.error(404, 10004, "Unknown Guild");
        }
        return world.user(userId).filter(guild::isMember).map(u -> Reply.ok(DiscordPayloads.member(guild, u, true)))
                .orElseGet(() -> Reply.error(404, 10007, "Unknown Member"));
    }

    // ---------------------------------------------------------------- channels and messages

    private Reply postMessage(Request request, String channelId) {
        FakeChannel channel = world.channel(channelId).orElse(null);
        if (channel == null) {
            return Reply.unknownChannel();
        }
        if (Reply.isEmptyMessage(request.json(), request.files().size())) {
            return Reply.emptyMessage();
        }
        if (request.json().path("content").asText("").length() > 2000) {
            return Reply.error(400, 50035, "Invalid Form Body: content must be 2000 or fewer in length.");
        }
        ObjectNode message = messages.create(channel, world.bot, request.json(), request.files());
        echo.created(message);
        return Reply.ok(message);
    }

    private Reply editMessage(Request request, String channelId, String messageId) {
        if (!messages.exists(channelId, messageId)) {
            return Reply.unknownMessage();
        }
        if (!messages.get(messageId).at("/author/id").asText().equals(world.bot.id())) {
            return Reply.error(403, 50005, "Cannot edit a message authored by another user");
        }
        ObjectNode message = messages.edit(messageId, request.json(), request.files());
        echo.updated(message);
        return Reply.ok(message);
    }

    private Reply deleteMessage(String channelId, String messageId) {
        if (!messages.exists(channelId, messageId)) {
            return Reply.unknownMessage();
        }
        ObjectNode message = messages.get(messageId);
        messages.delete(messageId);
        echo.deleted(message);
        return Reply.noContent();
    }

    private Reply history(String channelId, Map<String, String> query) {
        if (!channelExists(channelId)) {
            return Reply.unknownChannel();
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        ArrayNode list = array();
        messages.history(channelId).stream()
                .filter(m -> !query.containsKey("before") || Long.compareUnsigned(id(m), Long.parseUnsignedLong(query.get("before"))) < 0)
                .filter(m -> !query.containsKey("after") || Long.compareUnsigned(id(m), Long.parseUnsignedLong(query.get("after"))) > 0)
                .limit(limit).forEach(list::add);
        return Reply.ok(list);
    }

    private Reply ownReaction(String channelId, String messageId, String emoji, boolean add) {
        if (!messages.exists(channelId, messageId)) {
            return Reply.unknownMessage();
        }
        if (messages.react(messageId, emoji, world.bot.id(), add)) {
            FakeChannel channel = world.channel(channelId).orElseThrow();
            echo.dispatch(add ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE",
                    DiscordPayloads.reaction(world, channel, messages.get(messageId), world.bot, emoji, add));
        }
        return Reply.noContent();
    }

    /** Removes one user's reaction, all reactions with one emoji (user null) or all (both null). */
    private Reply removeReactions(String channelId, String messageId, String emojiOrNull, String userIdOrNull) {
        if (!messages.exists(channelId, messageId)) {
            return Reply.unknownMessage();
        }
        if (userIdOrNull != null) {
            messages.react(messageId, emojiOrNull, userIdOrNull, false);
        } else {
            messages.clearReactions(messageId, emojiOrNull);
        }
        return Reply.noContent();
    }

    /**
     * A public thread from a channel, or from a message (then the thread takes the message's id, as in Discord).
     * Discord announces new threads with THREAD_CREATE, so the fake dispatches one before answering.
     */
    private Reply startThread(Request request, String channelId, String messageId) {
        FakeChannel parent = world.channel(channelId).orElse(null);
        if (parent == null || parent.type() != FakeChannel.TEXT) {
            return Reply.unknownChannel();
        }
        String name = request.json().path("name").asText("");
        if (name.isBlank() || name.length() > 100) {
            return Reply.error(400, 50035, "Invalid Form Body: name must be between 1 and 100 in length.");
        }
        if (messageId != null && !messages.exists(channelId, messageId)) {
            return Reply.unknownMessage();
        }
        if (messageId != null && world.threads.containsKey(messageId)) {
            return Reply.error(400, 160004, "A thread has already been created for this message");
        }
        FakeChannel thread = world.thread(messageId != null ? messageId : world.nextId(), parent, name, world.bot);
        ObjectNode json = DiscordPayloads.selfThreadMember(world.threadObject(thread.id()), world.bot);
        if (messageId != null) {
            ObjectNode starter = messages.get(messageId);
            starter.set("thread", world.threadObject(thread.id()));
            messages.put(starter);
        }
        echo.dispatch("THREAD_CREATE", json.deepCopy().put("newly_created", true));
        return Reply.ok(json);
    }

    private boolean channelExists(String channelId) {
        return world.channel(channelId).isPresent();
    }

    private static long id(JsonNode message) {
        return Long.parseUnsignedLong(message.get("id").asText());
    }
}
