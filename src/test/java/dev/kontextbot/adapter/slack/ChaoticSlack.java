package dev.kontextbot.adapter.slack;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack in Socket Mode on loopback, with the weather Slack has: {@link FakeSlack}'s Web API, a Socket Mode server
 * (hello on connect, envelopes pushed by the caller, acks recorded per envelope), {@code disconnect} messages
 * (Slack sends one before it closes a connection it is refreshing), and a window in which
 * {@code apps.connections.open} answers {@code internal_error} as it did in the field. For soak tests outside this
 * package, which is why it is public while {@link FakeSlack} is not.
 */
public final class ChaoticSlack implements AutoCloseable {
    public static final String APP_TOKEN = "xapp-test-app-token-0123456789";

    private final FakeSlack slack;
    private final Sockets sockets = new Sockets();
    private volatile boolean refusing;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger envelopes = new AtomicInteger();

    public ChaoticSlack(byte[] photoPng) throws IOException {
        slack = new FakeSlack();
        slack.files.put("photo.png", photoPng);
        sockets.start();
        try {
            if (!sockets.started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Socket Mode server did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Socket Mode server started", e);
        }
        slack.socketUrl = "ws://127.0.0.1:" + sockets.getPort() + "/link/?ticket=soak";
        // apps.connections.open answers as FakeSlack does, except inside a refusal window.
        slack.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (refusing && request.getUrl().encodedPath().endsWith("/apps.connections.open")) {
                    refused.incrementAndGet();
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body("{\"ok\":false,\"error\":\"internal_error\"}").build();
                }
                return slack.dispatch(request);
            }
        });
    }

    /** The environment that points the bot at this fake in Socket Mode with {@code connections} sockets. */
    public Map<String, String> environment(int connections) {
        return Map.of("SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN, "SLACK_APP_TOKEN", APP_TOKEN, "SLACK_MODE", "socket",
                "SLACK_API_URL", slack.apiUrl(), "SLACK_SOCKET_CONNECTIONS", Integer.toString(connections));
    }

    /** Connections that are open and were sent hello: the ones Slack would deliver events on. */
    public int openConnections() {
        return (int) sockets.open.stream().filter(WebSocket::isOpen).count();
    }

    /** Every connection opened so far. */
    public int connectionsOpened() {
        return sockets.opened.get();
    }

    public int refusedOpens() {
        return refused.get();
    }

    public int connectionOpens() {
        return slack.calls("apps.connections.open").size();
    }

    /** While on, apps.connections.open answers {@code {"ok":false,"error":"internal_error"}}. */
    public void refuseOpens(boolean on) {
        refusing = on;
    }

    /**
     * Sends {@code disconnect} (reason refresh_requested) on every open connection, as Slack does before it refreshes
     * a connection, and closes those connections {@code grace} later (Slack keeps one open briefly so the client can
     * move over); how many got it. The connections stay usable until then, for an envelope that arrives just after.
     */
    public int refresh(java.time.Duration grace) {
        List<WebSocket> open = sockets.open.stream().filter(WebSocket::isOpen).toList();
        open.forEach(conn -> conn.send("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"soak\"}}"));
        java.util.concurrent.CompletableFuture.delayedExecutor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> open.forEach(WebSocket::close));
        return open.size();
    }

    /** Closes every open connection from Slack's side; how many were open. */
    public int closeAll() {
        List<WebSocket> open = sockets.open.stream().filter(WebSocket::isOpen).toList();
        open.forEach(WebSocket::close);
        return open.size();
    }

    /**
     * An app_mention of the bot with photo.png attached, in channel {@code channel}, starting thread {@code ts},
     * pushed on the {@code newest} (or oldest) open connection; the envelope id, or empty when no connection is open.
     */
    public Optional<String> mention(String channel, String ts, String text, boolean newest) {
        List<WebSocket> open = sockets.open.stream().filter(WebSocket::isOpen).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        String id = "env-" + envelopes.incrementAndGet();
        String event = "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"Ev" + id + "\",\"event_time\":1700000000,\"event\":{\"type\":\"app_mention\",\"user\":\"U1\","
                + "\"text\":\"<@" + FakeSlack.BOT_USER + "> " + text + "\",\"ts\":\"" + ts + "\",\"channel\":\"" + channel + "\",\"event_ts\":\""
                + ts + "\",\"files\":[{\"id\":\"F1\",\"name\":\"photo.png\",\"mimetype\":\"image/png\",\"url_private\":\""
                + slack.fileUrl("photo.png") + "\"}]}}";
        WebSocket target = newest ? open.get(open.size() - 1) : open.get(0);
        try {
            target.send("{\"envelope_id\":\"" + id + "\",\"payload\":" + event + ",\"type\":\"events_api\",\"accepts_response_payload\":false,"
                    + "\"retry_attempt\":0,\"retry_reason\":\"\"}");
        } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
            // Closed between the look and the send: Slack would not have delivered it either.
            return Optional.empty();
        }
        return Optional.of(id);
    }

    /** The envelope ids the bot acknowledged. */
    public Set<String> acknowledged() {
        return Set.copyOf(sockets.acks);
    }

    /** Messages the bot posted or updated in Slack whose text or blocks contain {@code marker}. */
    public boolean showed(String marker) {
        return slack.calls.stream().filter(c -> c.method().startsWith("chat."))
                .anyMatch(c -> c.params().getOrDefault("text", "").contains(marker) || c.params().getOrDefault("blocks", "").contains(marker));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            slack.close();
        } finally {
            sockets.stop(1000);
        }
    }

    /** Socket Mode's server side: hello on open; every message from the bot with an envelope_id is an ack. */
    private static final class Sockets extends WebSocketServer {
        final List<WebSocket> open = new CopyOnWriteArrayList<>();
        final Set<String> acks = ConcurrentHashMap.newKeySet();
        final AtomicInteger opened = new AtomicInteger();
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        Sockets() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setDaemon(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            opened.incrementAndGet();
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"soak\",\"approximate_connection_time\":3600},"
                    + "\"connection_info\":{\"app_id\":\"A1\"}}");
            open.add(conn);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            try {
                com.fasterxml.jackson.databind.JsonNode ack = JSON.readTree(message);
                if (ack.hasNonNull("envelope_id")) {
                    acks.add(ack.get("envelope_id").asText());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the bot sent Socket Mode something that is not JSON: " + message, e);
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            open.remove(conn);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // A connection the client dropped mid-frame: onClose follows and tidies up.
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
