package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.JSON;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Discord's gateway (JSON encoding, no compression) for one bot connection: HELLO on connect, READY and a
 * GUILD_CREATE per guild on IDENTIFY, heartbeat ACKs, member chunks on request, and a RESUME answered with an
 * invalid session so JDA identifies afresh. Dispatches honour the intents JDA identified with, like Discord: no
 * message events without the message intents, and blank content without MESSAGE_CONTENT.
 */
final class FakeGateway extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(FakeGateway.class);
    static final int GUILDS = 1;
    static final int GUILD_MESSAGES = 1 << 9;
    static final int GUILD_MESSAGE_REACTIONS = 1 << 10;
    static final int DIRECT_MESSAGES = 1 << 12;
    static final int DIRECT_MESSAGE_REACTIONS = 1 << 13;
    static final int MESSAGE_CONTENT = 1 << 15;

    private final FakeWorld world;
    private final String token;
    private final CountDownLatch started = new CountDownLatch(1);
    // A lock of our own: WebSocketServer synchronizes on itself internally.
    private final Object lock = new Object();
    private final List<GatewayEvent> sent = new CopyOnWriteArrayList<>();
    private WebSocket session;
    private long intents;
    private int sequence;

    FakeGateway(FakeWorld world, String token) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.world = world;
        this.token = token;
        setReuseAddr(true);
        setDaemon(true);
    }

    void startAndWait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gateway did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "ws://127.0.0.1:" + getPort() + "/";
    }

    boolean isIdentified() {
        synchronized (lock) {
            return session != null && session.isOpen();
        }
    }

    /**
     * Sends a dispatch to the identified session; false when Discord would not have sent it for the session's
     * intents. Synchronized so sequence numbers go out in order.
     */
    boolean dispatch(String type, ObjectNode payload) {
        synchronized (lock) {
            if (session == null || !session.isOpen()) {
                throw new IllegalStateException("no identified gateway session for " + type + "; connect JDA first");
            }
            if (!intended(type, payload)) {
                log.debug("not dispatching {} without its intent", type);
                return false;
            }
            sendDispatch(session, type, withoutPrivilegedContent(type, payload));
            return true;
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        send(conn, object().put("op", 10).putNull("s").putNull("t").set("d", object().put("heartbeat_interval", 41250)));
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode frame;
        try {
            frame = JSON.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (frame.path("op").asInt(-1)) {
            case 1 -> send(conn, object().put("op", 11).putNull("s").putNull("t").putNull("d"));
            case 2 -> identify(conn, frame.path("d"));
            case 6 -> send(conn, object().put("op", 9).putNull("s").putNull("t").put("d", false));
            case 8 -> memberChunk(conn, frame.path("d"));
            default -> log.debug("ignoring gateway op {}", frame.path("op"));
        }
    }

    private void identify(WebSocket conn, JsonNode identify) {
        if (!token.equals(identify.path("token").asText().replaceFirst("^Bot ", ""))) {
            conn.close(4004, "Authentication failed.");
            return;
        }
        synchronized (lock) {
            session = conn;
            intents = identify.path("intents").asLong();
            sequence = 0;
            String sessionId = UUID.randomUUID().toString().replace("-", "");
            sendDispatch(conn, "READY", DiscordPayloads.ready(world, sessionId, url()));
            for (FakeGuild guild : world.guilds) {
                sendDispatch(conn, "GUILD_CREATE", DiscordPayloads.guildCreate(world, guild));
            }
        }
    }

    /** Answers REQUEST_GUILD_MEMBERS (chunking, or a lookup by ids) with one chunk. */
    private void memberChunk(WebSocket conn, JsonNode request) {
        FakeGuild guild = world.guild(request.path("guild_id").asText()).orElse(null);
        if (guild == null) {
            return;
        }
        Set<String> wanted = null;
        if (request.has("user_ids")) {
            wanted = new HashSet<>();
            JsonNode ids = request.get("user_ids");
            for (JsonNode id : ids.isArray() ? ids : array().add(ids)) {
                wanted.add(id.asText());
            }
        }
        Set<String> only = wanted;
        ArrayNode members = array();
        guild.members().stream().filter(m -> only == null || only.contains(m.id()))
                .forEach(m -> members.add(DiscordPayloads.member(guild, m, true)));
        ObjectNode chunk = object().put("guild_id", guild.id()).<ObjectNode>set("members", members)
                .put("chunk_index", 0).put("chunk_count", 1);
        if (request.has("nonce")) {
            chunk.set("nonce", request.get("nonce"));
        }
        synchronized (lock) {
            sendDispatch(conn, "GUILD_MEMBERS_CHUNK", chunk);
        }
    }

    private void sendDispatch(WebSocket conn, String type, ObjectNode payload) {
        sent.add(new GatewayEvent(++sequence, type, payload.deepCopy()));
        send(conn, object().put("op", 0).put("t", type).put("s", sequence).set("d", payload));
    }

    /** Every dispatch sent so far (across sessions), in order. */
    List<GatewayEvent> sent() {
        return List.copyOf(sent);
    }

    private boolean intended(String type, ObjectNode payload) {
        boolean guild = payload.hasNonNull("guild_id");
        return switch (type) {
            case "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE" -> has(guild ? GUILD_MESSAGES : DIRECT_MESSAGES);
            case "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI" ->
                    has(guild ? GUILD_MESSAGE_REACTIONS : DIRECT_MESSAGE_REACTIONS);
            case "THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE" -> has(GUILDS);
            default -> true;
        };
    }

    /** Discord empties content, embeds, attachments and components unless MESSAGE_CONTENT, a DM, own or mentioning. */
    private ObjectNode withoutPrivilegedContent(String type, ObjectNode payload) {
        if (!type.equals("MESSAGE_CREATE") && !type.equals("MESSAGE_UPDATE") || has(MESSAGE_CONTENT) || !payload.hasNonNull("guild_id")) {
            return payload;
        }
        String author = payload.at("/author/id").asText();
        boolean mentionsBot = false;
        for (JsonNode mention : payload.path("mentions")) {
            mentionsBot |= mention.path("id").asText().equals(world.bot.id());
        }
        if (author.equals(world.bot.id()) || mentionsBot) {
            return payload;
        }
        ObjectNode stripped = payload.deepCopy();
        stripped.put("content", "").set("embeds", array());
        stripped.set("attachments", array());
        stripped.set("components", array());
        return stripped;
    }

    private boolean has(int intent) {
        return (intents & intent) == intent;
    }

    private static void send(WebSocket conn, ObjectNode frame) {
        if (conn.isOpen()) {
            conn.send(frame.toString());
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        synchronized (lock) {
            if (conn == session) {
                session = null;
            }
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        log.debug("gateway connection error", ex);
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
