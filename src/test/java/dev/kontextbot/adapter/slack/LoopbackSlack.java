package dev.kontextbot.adapter.slack;

import java.io.IOException;
import java.time.Duration;

import dev.kontextbot.testing.Await;

/**
 * The fake Slack (Web API and a Socket Mode server) for code outside this package, such as the benchmark's idle
 * bot: a real bot process connects to {@link #apiUrl()} with {@link #BOT_TOKEN}, and opens its sockets there.
 */
public final class LoopbackSlack implements AutoCloseable {
    public static final String BOT_TOKEN = FakeSlack.BOT_TOKEN;
    public static final String APP_TOKEN = "xapp-test-app-token-0123456789";

    private final FakeSlack slack;
    private final SlackSocketModeTest.FakeSocketMode socket;

    public LoopbackSlack() throws IOException {
        socket = new SlackSocketModeTest.FakeSocketMode();
        socket.start();
        slack = new FakeSlack();
        Await.until(() -> socket.getPort() > 0, "the socket server");
        slack.socketUrl = "ws://127.0.0.1:" + socket.getPort() + "/link/?ticket=t1";
    }

    public String apiUrl() {
        return slack.apiUrl();
    }

    /** Socket Mode connections the bot holds open now. */
    public long openSockets() {
        return socket.connections.stream().filter(org.java_websocket.WebSocket::isOpen).count();
    }

    @Override
    public void close() throws Exception {
        slack.close();
        socket.stop((int) Duration.ofSeconds(2).toMillis());
    }
}
