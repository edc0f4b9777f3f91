package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.CapturedLogs;
import dev.kontextbot.testing.TestImages;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Bolt's Socket Mode client against a local WebSocket server that the fake apps.connections.open points to. */
class SlackSocketModeTest {
    @TempDir
    Path dir;

    /** Speaks Socket Mode's side: hello on connect, then envelopes pushed by the test; records the acks. */
    static final class FakeSocketMode extends WebSocketServer {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<WebSocket> connections = new CopyOnWriteArrayList<>();
        volatile WebSocket connection;

        FakeSocketMode() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            connection = conn;
            connections.add(conn);
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\",\"approximate_connection_time\":3600},"
                    + "\"connection_info\":{\"app_id\":\"A1\"}}");
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
            acks.add(new Ack(connections.indexOf(conn), message));
        }

        record Ack(int connection, String message) {
        }

        final List<Ack> acks = new CopyOnWriteArrayList<>();

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
        }
    }

    FakeSocketMode socket;
    final okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    FakeSlack slack;
    Application app;

    @BeforeEach
    void fakes() throws Exception {
        socket = new FakeSocketMode();
        socket.start();
        slack = new FakeSlack();
        Await.until(() -> socket.getPort() > 0, "the socket server");
        slack.socketUrl = "ws://127.0.0.1:" + socket.getPort() + "/link/?ticket=t1";
        slack.files.put("cat.png", TestImages.encode(TestImages.drawn(20, 20, (x, y) -> x * 10), "png"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
            slack.close();
        } finally {
            socket.stop(1000);
        }
    }

    private Application startBot(int connections) {
        return Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN, "SLACK_APP_TOKEN", "xapp-test-app-token-0123456789",
                "SLACK_API_URL", slack.apiUrl(), "SLACK_SOCKET_CONNECTIONS", Integer.toString(connections))).load(null, "test"));
    }

    @Test
    void anEventPushedOverTheSocketIsAcknowledgedAndStartsTheSession() throws Exception {
        app = startBot(2);
        Await.until(() -> socket.connection != null, "Bolt to connect");
        assertThat(slack.calls("apps.connections.open").get(0).authorization()).isEqualTo("Bearer xapp-test-app-token-0123456789");
        socket.connection.send(envelope("env-1", mentionWithPhoto("EvSock", "1700000050.000100"), 0));

        Await.until(() -> socket.received.stream().anyMatch(m -> m.contains("\"envelope_id\":\"env-1\"")), "the envelope to be acknowledged");
        var conversation = SlackSessions.conversation(FakeSlack.TEAM, "C1", "1700000050.000100");
        Await.until(() -> app.engine().sessionIn(conversation).isPresent(), "the session");
        Session session = app.engine().sessionIn(conversation).orElseThrow();
        Await.until(() -> app.engine().snapshot(session.id()).turns().stream().anyMatch(t -> t.turn().status().isFinal()), "the turn");
        assertThat(app.engine().snapshot(session.id()).turns().get(0).turn().prompt()).isEqualTo("invert");
        Await.until(() -> !slack.calls("chat.update").isEmpty(), "the turn message to be updated");
    }

    @Test
    void healthzReportsEachSocketAndAnswers503WhenTheyDrop() throws Exception {
        app = startBot(2);
        Await.until(() -> socket.connections.size() == 2, "two connections");
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
        okhttp3.Request healthz = new okhttp3.Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/healthz").build();
        try (okhttp3.Response up = http.newCall(healthz).execute()) {
            assertThat(up.code()).isEqualTo(200);
            com.fasterxml.jackson.databind.JsonNode slackHealth = new com.fasterxml.jackson.databind.ObjectMapper().readTree(up.body().string())
                    .get("components").get("slack");
            assertThat(slackHealth.get("state").asText()).isEqualTo("2 of 2 socket(s) connected");
            assertThat(slackHealth.get("details").get("socket 1").asText()).isEqualTo("connected");
        }
        okhttp3.Request metrics = new okhttp3.Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/metrics").build();
        try (okhttp3.Response scraped = http.newCall(metrics).execute()) {
            assertThat(dev.kontextbot.testing.PrometheusText.parse(scraped.body().string())
                    .sum("kontext_chat_api_calls_total", Map.of("platform", "slack", "outcome", "ok"))).isGreaterThanOrEqualTo(2);
        }

        socket.stop(1000);

        Await.until(() -> {
            try (okhttp3.Response down = http.newCall(healthz).execute()) {
                return down.code() == 503 && down.body().string().contains("\"slack\":{\"status\":\"down\"");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "/healthz to report the sockets down");
    }

    @Test
    void eachOfSeveralConnectionsDeliversEventsAndARedeliveryOnAnotherStartsNothingNew() throws Exception {
        app = startBot(3);
        Await.until(() -> socket.connections.size() == 3, "three connections");
        assertThat(slack.calls("apps.connections.open")).allMatch(c -> c.authorization().equals("Bearer xapp-test-app-token-0123456789"));
        String event = mentionWithPhoto("EvSeveral", "1700000060.000100");
        socket.connections.get(2).send(envelope("env-a", event, 0));
        Await.until(() -> socket.acks.stream().anyMatch(a -> a.message().contains("env-a")), "the first delivery to be acknowledged");
        // Slack redelivers an event it thinks was lost, possibly over another connection.
        socket.connections.get(0).send(envelope("env-b", event, 1));
        Await.until(() -> socket.acks.stream().anyMatch(a -> a.message().contains("env-b")), "the redelivery to be acknowledged");

        assertThat(socket.acks).filteredOn(a -> a.message().contains("env-a")).extracting(FakeSocketMode.Ack::connection).containsExactly(2);
        assertThat(socket.acks).filteredOn(a -> a.message().contains("env-b")).extracting(FakeSocketMode.Ack::connection).containsExactly(0);
        var conversation = SlackSessions.conversation(FakeSlack.TEAM, "C1", "1700000060.000100");
        Await.until(() -> app.engine().sessionIn(conversation).isPresent(), "the session");
        Session session = app.engine().sessionIn(conversation).orElseThrow();
        Await.until(() -> app.engine().snapshot(session.id()).turns().stream().allMatch(t -> t.turn().status().isFinal()), "the turn");
        assertThat(app.engine().snapshot(session.id()).turns()).hasSize(1);
        assertThat(socket.connections).hasSize(3);
    }

    @Test
    void anEventDeliveredOnTwoConnectionsAtOnceIsHandledOnceWithoutAnError() throws Exception {
        app = startBot(2);
        Await.until(() -> socket.connections.size() == 2, "two connections");
        String event = mentionWithPhoto("EvTwice", "1700000061.000100");
        try (CapturedLogs logs = CapturedLogs.root()) {
            socket.connections.get(0).send(envelope("env-c", event, 0));
            socket.connections.get(1).send(envelope("env-d", event, 1));
            var conversation = SlackSessions.conversation(FakeSlack.TEAM, "C1", "1700000061.000100");
            Await.until(() -> app.engine().sessionIn(conversation).isPresent(), "the session");
            Session session = app.engine().sessionIn(conversation).orElseThrow();
            Await.until(() -> app.engine().snapshot(session.id()).turns().stream().allMatch(t -> t.turn().status().isFinal()), "the turn");
            Await.until(() -> logs.events().stream().anyMatch(e -> e.getFormattedMessage().contains("again: it is handled once")),
                    "the second copy to be set aside");

            assertThat(app.engine().snapshot(session.id()).turns()).hasSize(1);
            assertThat(logs.atLeast(ch.qos.logback.classic.Level.ERROR)).isEmpty();
        }
    }

    @Test
    void aReconnectAnsweredWithInternalErrorOnceComesBackWithinSecondsAndIsLoggedOnce() throws Exception {
        app = startBot(2);
        Await.until(() -> socket.connections.size() == 2 && app.engine() != null, "two connections");
        Await.until(() -> slackHealth().contains("2 of 2 socket(s) connected"), "both connections to say hello");
        try (CapturedLogs logs = CapturedLogs.root()) {
            slack.socketOpenErrors.add("internal_error");
            long dropped = System.nanoTime();
            socket.connections.get(0).close();

            Await.until(() -> socket.connections.size() == 3, "the dropped connection to be replaced");
            Duration back = Duration.ofNanos(System.nanoTime() - dropped);
            assertThat(back).isLessThan(Duration.ofSeconds(8));
            Await.until(() -> slackHealth().contains("2 of 2 socket(s) connected"), "both connections open again");
            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("internal_error")).hasSize(1);
            assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains("xapp-"));
        }
    }

    @Test
    void healthzShowsSlackDegradedWithSlacksErrorWhileAConnectionCannotBeReplaced() throws Exception {
        app = startBot(2);
        Await.until(() -> slackHealth().contains("2 of 2 socket(s) connected"), "both connections");
        slack.socketOpenRefusal = "internal_error";
        socket.connections.get(1).close();

        Await.until(() -> slackHealth().contains("\"status\":\"degraded\"") && slackHealth().contains("1 of 2 socket(s) connected")
                && slackHealth().contains("internal_error"), "Slack degraded with the reason");
        // One socket still brings every event: the process serves, so /healthz says degraded with 200, not 503.
        assertThat(healthzStatus()).isEqualTo(200);
        slack.socketOpenRefusal = null;
        Await.until(() -> slackHealth().contains("2 of 2 socket(s) connected"), "the connection to come back once Slack issues URLs again");
    }

    @Test
    void anInteractionRightAfterItsConnectionsDisconnectMessageIsAcknowledgedEveryTime() throws Exception {
        app = startBot(1);
        Await.until(() -> slackHealth().contains("1 of 1 socket(s) connected"), "the connection");
        int tries = 8;
        for (int i = 0; i < tries; i++) {
            int from = socket.connections.size() - 1;
            WebSocket connection = socket.connections.get(from);
            String id = "env-refresh-" + i;
            connection.send("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"fake\"}}");
            connection.send(interaction(id));

            Await.until(() -> socket.acks.stream().anyMatch(a -> a.message().contains("\"envelope_id\":\"" + id + "\"")), "the ack of " + id);
            assertThat(socket.acks).filteredOn(a -> a.message().contains(id)).extracting(FakeSocketMode.Ack::connection)
                    .allMatch(c -> c >= from);
            Await.until(() -> socket.connections.size() == from + 2 && slackHealth().contains("1 of 1"), "the successor of connection " + from);
        }
        assertThat(socket.acks.stream().filter(a -> a.message().contains("env-refresh-")).map(FakeSocketMode.Ack::message).distinct())
                .hasSize(tries);
    }

    @Test
    void closingIsFinalEvenWhileAConnectionIsBeingReplaced() throws Exception {
        app = startBot(1);
        Await.until(() -> slackHealth().contains("1 of 1 socket(s) connected"), "the connection");
        socket.connections.get(0).close();
        Await.until(() -> slackHealth().contains("0 of 1") || socket.connections.size() > 1, "the bot to notice the drop");

        app.close();
        app = null;
        int attempts = slack.calls("apps.connections.open").size();
        int connections = socket.connections.size();
        // Longer than Bolt's 5 s session monitor and our first backoffs: a live watchdog would reconnect within it.
        Await.holds(() -> slack.calls("apps.connections.open").size() == attempts && socket.connections.size() == connections,
                "no new connection after the stop", Duration.ofSeconds(7));
    }

    @Test
    void aRefusedAppTokenLeavesTheRestRunningSaysWhyAndConnectsOnceSlackAcceptsIt() throws Exception {
        slack.socketOpenRefusal = "invalid_auth";
        try (CapturedLogs logs = CapturedLogs.root()) {
            app = startBot(1);

            assertThat(app.banner()).contains("Slack:       NOT CONNECTED, trying again: Slack Socket Mode refused SLACK_APP_TOKEN (invalid_auth)");
            assertThat(get("/readyz").code()).isEqualTo(200);
            assertThat(slackHealth()).contains("\"status\":\"down\"").contains("refused SLACK_APP_TOKEN (invalid_auth)");
            assertThat(socket.connections).isEmpty();

            slack.socketOpenRefusal = null;
            Await.until(() -> slackHealth().contains("1 of 1 socket(s) connected"), "Slack to connect without a restart");
            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("invalid_auth")).hasSize(1);
            assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains("xapp-test"));
        }
        assertThat(app.banner()).contains("Slack:       connected by Socket Mode");
    }

    @Test
    void aRefusedBotTokenLeavesTheRestRunningAndIsTriedAgain() throws Exception {
        slack.authRefusal = "invalid_auth";
        app = startBot(1);

        assertThat(app.banner()).contains("NOT CONNECTED, trying again: Slack refused SLACK_BOT_TOKEN (invalid_auth)");
        assertThat(slackHealth()).contains("\"status\":\"down\"").contains("refused SLACK_BOT_TOKEN (invalid_auth)");
        assertThat(get("/readyz").code()).isEqualTo(200);

        slack.authRefusal = null;
        Await.until(() -> slackHealth().contains("1 of 1 socket(s) connected"), "Slack to connect without a restart");
        socket.connections.get(0).send(envelope("env-late", mentionWithPhoto("EvLate", "1700000070.000100"), 0));
        Await.until(() -> socket.acks.stream().anyMatch(a -> a.message().contains("env-late")), "an event to be handled once connected");
    }

    @Test
    void aFidelityScoreArrivingWhileTheBotStopsIsStillShownAndNothingIsRefused() throws Exception {
        app = startBot(1);
        Await.until(() -> slackHealth().contains("1 of 1 socket(s) connected"), "the connection");
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger updatesBeforeScore = new java.util.concurrent.atomic.AtomicInteger(-1);
        app.engine().addListener(new dev.kontextbot.engine.TurnListener() {
            @Override
            public void onDone(dev.kontextbot.engine.model.Turn turn, List<dev.kontextbot.engine.model.Variant> variants) {
                done.countDown();
                // Holds the turn's worker, so that its scores come only once the bot has begun to stop.
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                updatesBeforeScore.set(slack.calls("chat.update").size());
            }
        });
        socket.connections.get(0).send(envelope("env-stop", mentionWithPhoto("EvStop", "1700000080.000100"), 0));
        assertThat(done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        try (CapturedLogs logs = CapturedLogs.root()) {
            app.close();
            app = null;
            assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains("RejectedExecution")
                    || e.getThrowableProxy() != null && e.getThrowableProxy().getClassName().contains("RejectedExecution")
                    || e.getThrowableProxy() != null && e.getThrowableProxy().getCause() != null
                    && e.getThrowableProxy().getCause().getClassName().contains("RejectedExecution"));
            assertThat(logs.atLeast(ch.qos.logback.classic.Level.ERROR)).isEmpty();
        }
        assertThat(slack.calls("chat.update").size()).as("the message redrawn with its scores").isGreaterThan(updatesBeforeScore.get());
    }

    private okhttp3.Response get(String path) throws java.io.IOException {
        try (okhttp3.Response response = http.newCall(new okhttp3.Request.Builder().url("http://127.0.0.1:" + app.httpPort() + path).build())
                .execute()) {
            return response;
        }
    }

    /** A button press as an interactive envelope; its value names no session, so the bot only answers the person. */
    private static String interaction(String id) {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\",\"domain\":\"t\"},\"user\":{\"id\":\"U1\"},"
                + "\"api_app_id\":\"A1\",\"token\":\"x\",\"trigger_id\":\"tr-" + id + "\",\"channel\":{\"id\":\"C1\"},"
                + "\"container\":{\"type\":\"message\",\"channel_id\":\"C1\"},\"actions\":[{\"type\":\"button\","
                + "\"action_id\":\"kontext:use:1\",\"block_id\":\"b\",\"value\":\"nothing\",\"action_ts\":\"1700000001.001\"}]}";
        return "{\"envelope_id\":\"" + id + "\",\"payload\":" + payload + ",\"type\":\"interactive\",\"accepts_response_payload\":false}";
    }

    private int healthzStatus() {
        okhttp3.Request healthz = new okhttp3.Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/healthz").build();
        try (okhttp3.Response answer = http.newCall(healthz).execute()) {
            return answer.code();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String slackHealth() {
        okhttp3.Request healthz = new okhttp3.Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/healthz").build();
        try (okhttp3.Response answer = http.newCall(healthz).execute()) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body().string()).path("components").path("slack").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "@bot invert" with cat.png attached, in channel C1, as an Events API callback. */
    private String mentionWithPhoto(String eventId, String ts) {
        return "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":1700000000,\"event\":{\"type\":\"app_mention\",\"user\":\"U1\","
                + "\"text\":\"<@UBOT> invert\",\"ts\":\"" + ts + "\",\"channel\":\"C1\",\"event_ts\":\"" + ts + "\","
                + "\"files\":[{\"id\":\"F1\",\"mimetype\":\"image/png\",\"url_private\":\"" + slack.fileUrl("cat.png") + "\"}]}}";
    }

    private static String envelope(String id, String event, int retry) {
        return "{\"envelope_id\":\"" + id + "\",\"payload\":" + event + ",\"type\":\"events_api\",\"accepts_response_payload\":false,"
                + "\"retry_attempt\":" + retry + ",\"retry_reason\":\"" + (retry == 0 ? "" : "timeout") + "\"}";
    }

}
