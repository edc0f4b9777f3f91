package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ServerHandshake;

import java.io.IOException;
import java.net.URI;

/**
 * One Socket Mode WebSocket. It counts as open only once Slack said hello on it, and it remembers whether Slack asked
 * for it to be replaced (a "disconnect" message): both are what the watchdog in {@link SlackSockets} counts.
 */
final class SocketModeConnection {
    /** What happens on a connection, told to its owner; called on the socket's own thread, so it must not block. */
    interface Events {
        void hello(SocketModeConnection connection);

        /** Slack will close this connection soon ({@code reason}: "refresh_requested", "warning", …): open its successor now. */
        void retiring(SocketModeConnection connection, String reason);

        void envelope(SocketModeConnection connection, String message);

        /** {@code hadHello}: whether it was ever open for events, so a refused handshake is told apart from a dropped connection. */
        void closed(SocketModeConnection connection, int code, String reason, boolean hadHello);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java-WebSocket pings this often and closes the connection when no pong comes back: a half-open socket is noticed. */
    private static final int LOST_AFTER_SECONDS = 30;

    private final int slot;
    private final Events events;
    private final Client client;
    private final long openedAtNanos = System.nanoTime();
    private volatile boolean hello;
    private volatile boolean retiring;
    private volatile long retiringSinceNanos;

    SocketModeConnection(int slot, URI url, Events events) {
        this.slot = slot;
        this.events = events;
        this.client = new Client(url);
        client.setConnectionLostTimeout(LOST_AFTER_SECONDS);
    }

    void connect() {
        client.connect();
    }

    int slot() {
        return slot;
    }

    /** Hello-acknowledged and still open: Slack may send events on it. */
    boolean open() {
        return hello && client.isOpen();
    }

    boolean retiring() {
        return retiring;
    }

    /** How long ago Slack asked for it to be replaced; only meaningful once {@link #retiring}. */
    long retiringForNanos() {
        return System.nanoTime() - retiringSinceNanos;
    }

    boolean closed() {
        return client.isClosed() || client.isClosing();
    }

    long ageNanos() {
        return System.nanoTime() - openedAtNanos;
    }

    /**
     * Sends {@code message} when this connection is open; false when it is not. Synchronized with {@link #close}: a
     * frame queued after the close frame would be dropped without a word.
     */
    synchronized boolean send(String message) {
        if (!open()) {
            return false;
        }
        try {
            client.send(message);
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
    }

    synchronized void close() {
        client.close();
    }

    private void received(String message) {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (IOException e) {
            return; // Slack sends only JSON objects; anything else carries nothing to act on or acknowledge.
        }
        switch (json.path("type").asText("")) {
            case "hello" -> {
                hello = true;
                events.hello(this);
            }
            case "disconnect" -> {
                retiringSinceNanos = System.nanoTime();
                retiring = true;
                events.retiring(this, json.path("reason").asText("unknown"));
            }
            default -> {
                if (json.hasNonNull("envelope_id")) {
                    events.envelope(this, message);
                }
            }
        }
    }

    private final class Client extends WebSocketClient {
        Client(URI url) {
            super(url);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            // Open for events only once Slack says hello.
        }

        @Override
        public void onMessage(String message) {
            received(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            events.closed(SocketModeConnection.this, code, reason, hello);
        }

        @Override
        public void onError(Exception e) {
            // The close that follows every error is what the watchdog acts on; the error itself is in its reason.
        }
    }
}
