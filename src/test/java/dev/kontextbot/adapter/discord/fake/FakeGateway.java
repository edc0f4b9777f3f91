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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.JSON;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Discord's gateway (JSON encoding, no compression) for the bot's connections, one per shard: HELLO on connect,
 * READY and a GUILD_CREATE per guild of the shard on IDENTIFY, heartbeat ACKs, member chunks on request, and a RESUME
 * answered with an invalid session so JDA identifies afresh. Like Discord, a guild belongs to shard
 * {@code (guild_id >> 22) % shard_total} and its events go only to that shard's connection, DM events only to shard 0
 * (an event for a shard no one connected is dropped: on Discord another process would run it); and dispatches
 * honour the intents the connection identified with: no message events without the message intents, and blank
 * content without MESSAGE_CONTENT.
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
    /** The identified connections, guarded by {@code lock}. */
    private final Map<WebSocket, Session> sessions = new LinkedHashMap<>();

    /** One identified connection: the shard it runs, the intents it asked for, and its own sequence numbers. */
    private static final class Session {
        final WebSocket conn;
        final int shard;
        final int shardTotal;
        final long intents;
        int sequence;

        Session(WebSocket conn, int shard, int shardTotal, long intents) {
            this.conn = conn;
            this.shard = shard;
            this.shardTotal = shardTotal;
            this.intents = intents;
        }

        /** Whether Discord sends this guild's events (null: a DM's) to this connection. */
        boolean holds(String guildIdOrNull) {
            return guildIdOrNull == null ? shard == 0 : shardOf(guildIdOrNull, shardTotal) == shard;
        }

        boolean has(int intent) {
            return (intents & intent) == intent;
        }
    }

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

    /** Discord's rule for which shard receives a guild's events. */
    static int shardOf(String guildId, int shardTotal) {
        return (int) ((Long.parseUnsignedLong(guildId) >>> 22) % shardTotal);
    }

    boolean isIdentified() {
        synchronized (lock) {
            return sessions.values().stream().anyMatch(s -> s.conn.isOpen());
        }
    }

    /** The shards with an identified, open connection. */
    Set<Integer> connectedShards() {
        synchronized (lock) {
            return sessions.values().stream().filter(s -> s.conn.isOpen()).map(s -> s.shard).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Closes every connection as Discord does when it restarts a gateway node (4000: reconnect); how many were open. */
    int dropConnections() {
        List<WebSocket> open = List.copyOf(getConnections());
        open.forEach(conn -> conn.close(4000, "Unknown error"));
        return open.size();
    }

    /**
     * Sends a dispatch to the connection of the shard its guild (or DM) belongs to; false when no connected shard
     * holds it, or Discord would not have sent it for the connection's intents. Synchronized so sequence numbers go
     * out in order.
     */
    boolean dispatch(String type, ObjectNode payload) {
        synchronized (lock) {
            if (!isIdentified()) {
                throw new IllegalStateException("no identified gateway session for " + type + "; connect JDA first");
            }
            String guildId = payload.hasNonNull("guild_id") ? payload.get("guild_id").asText() : null;
            Session target = sessions.values().stream().filter(s -> s.conn.isOpen() && s.holds(guildId)).findFirst().orElse(null);
            if (target == null) {
                log.debug("not dispatching {}: no connected shard holds guild {}", type, guildId);
                return false;
            }
            if (!intended(target, type, payload)) {
                log.debug("not dispatching {} without its intent", type);
                return false;
            }
            sendDispatch(target, type, withoutPrivilegedContent(target, type, payload));
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

    private final Map<Integer, CountDownLatch> heldReady = new java.util.concurrent.ConcurrentHashMap<>();

    CountDownLatch holdReady(int shard) {
        return heldReady.computeIfAbsent(shard, s -> new CountDownLatch(1));
    }

    private void identify(WebSocket conn, JsonNode identify) {
        CountDownLatch held = heldReady.remove(identify.path("shard").path(0).asInt(0));
        if (held != null) {
            // Answered on its own thread: the server's thread must go on serving the other connections meanwhile.
            Thread later = new Thread(() -> {
                try {
                    held.await();
                    identify(conn, identify);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fake-gateway-held-ready");
            later.setDaemon(true);
            later.start();
            return;
        }
        if (!token.equals(identify.path("token").asText().replaceFirst("^Bot ", ""))) {
            conn.close(4004, "Authentication failed.");
            return;
        }
        JsonNode shard = identify.path("shard");
        int shardId = shard.isArray() ? shard.get(0).asInt() : 0;
        int shardTotal = shard.isArray() ? shard.get(1).asInt() : 1;
        synchronized (lock) {
            // A shard identifying again replaces its old connection, as on Discord.
            sessions.values().removeIf(s -> s.shard == shardId);
            Session session = new Session(conn, shardId, shardTotal, identify.path("intents").asLong());
            sessions.put(conn, session);
            List<FakeGuild> guilds = world.guilds.stream().filter(g -> session.holds(g.id())).toList();
            String sessionId = UUID.randomUUID().toString().replace("-", "");
            sendDispatch(session, "READY", DiscordPayloads.ready(world, guilds, shardId, shardTotal, sessionId, url()));
            for (FakeGuild guild : guilds) {
                sendDispatch(session, "GUILD_CREATE", DiscordPayloads.guildCreate(world, guild));
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
            Session session = sessions.get(conn);
            if (session != null) {
                sendDispatch(session, "GUILD_MEMBERS_CHUNK", chunk);
            }
        }
    }

    private void sendDispatch(Session session, String type, ObjectNode payload) {
        int sequence = ++session.sequence;
        sent.add(new GatewayEvent(sequence, type, payload.deepCopy()));
        send(session.conn, object().put("op", 0).put("t", type).put("s", sequence).set("d", payload));
    }

    /** Every dispatch sent so far (across sessions), in order. */
    List<GatewayEvent> sent() {
        return List.copyOf(sent);
    }

    private static boolean intended(Session session, String type, ObjectNode payload) {
        boolean guild = payload.hasNonNull("guild_id");
        return switch (type) {
            case "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE" -> session.has(guild ? GUILD_MESSAGES : DIRECT_MESSAGES);
            case "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI" ->
                    session.has(guild ? GUILD_MESSAGE_REACTIONS : DIRECT_MESSAGE_REACTIONS);
            case "THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE" -> session.has(GUILDS);
            default -> true;
        };
    }

    /** Discord empties content, embeds, attachments and components unless MESSAGE_CONTENT, a DM, own or mentioning. */
    private ObjectNode withoutPrivilegedContent(Session session, String type, ObjectNode payload) {
        if (!type.equals("MESSAGE_CREATE") && !type.equals("MESSAGE_UPDATE") || session.has(MESSAGE_CONTENT) || !payload.hasNonNull("guild_id")) {
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

    private static void send(WebSocket conn, ObjectNode frame) {
        if (conn.isOpen()) {
            conn.send(frame.toString());
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        synchronized (lock) {
            sessions.remove(conn);
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
