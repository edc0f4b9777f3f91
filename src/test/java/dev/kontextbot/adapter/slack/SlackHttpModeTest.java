package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.SlackSignature;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.testing.TestImages;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The Slack adapter over the real Bolt app in HTTP mode: signed requests in, a loopback fake Slack Web API out. */
class SlackHttpModeTest {
    static final String SECRET = "signing-secret-for-tests-0123";
    static final String CHANNEL = "C0CHAN";
    static final String ROOT_TS = "1700000000.000001";

    @TempDir
    Path dir;
    FakeSlack slack;
    Application app;
    final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    final ObjectMapper mapper = new ObjectMapper();
    int events;

    @BeforeEach
    void start() throws IOException {
        slack = new FakeSlack();
        slack.files.put("photo.png", TestImages.encode(TestImages.drawn(48, 32, (x, y) -> (x * 5) << 16 | (y * 7) << 8 | 80), "png"));
        app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN, "SLACK_SIGNING_SECRET", SECRET,
                "SLACK_MODE", "http", "SLACK_API_URL", slack.apiUrl()))
                .load("defaults:\n  num_images: 2\n  output_format: png\nengine:\n  poll-interval: 50ms\n", "test"));
    }

    @AfterEach
    void stop() {
        app.close();
        slack.close();
    }

    private int post(String body, String contentType, Map<String, String> extraHeaders, boolean validSignature) throws IOException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String signature = new SlackSignature.Generator(validSignature ? SECRET : "wrong-secret-0000000000").generate(timestamp, body);
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/slack/events")
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature)
                .post(RequestBody.create(body, MediaType.get(contentType)));
        extraHeaders.forEach(request::header);
        try (Response response = client.newCall(request.build()).execute()) {
            return response.code();
        }
    }

    private int event(String eventId, String eventJson, Map<String, String> headers) throws IOException {
        String body = "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\""
                + eventId + "\",\"event_time\":1700000000,\"event\":" + eventJson + "}";
        return post(body, "application/json", headers, true);
    }

    private int message(String user, String text, String ts) throws IOException {
        return event("EvMsg" + (++events), "{\"type\":\"message\",\"user\":\"" + user + "\",\"text\":\"" + text + "\",\"ts\":\"" + ts
                + "\",\"thread_ts\":\"" + ROOT_TS + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"" + ts + "\",\"channel_type\":\"channel\"}", Map.of());
    }

    private int mention() throws IOException {
        return event("EvMention", "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@" + FakeSlack.BOT_USER + "> make it sepia\",\"ts\":\""
                + ROOT_TS + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"" + ROOT_TS + "\",\"files\":[{\"id\":\"F0\",\"name\":\"photo.png\","
                + "\"mimetype\":\"image/png\",\"url_private\":\"" + slack.fileUrl("photo.png") + "\"}]}", Map.of());
    }

    private int press(String user, String actionId, String value) throws IOException {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\",\"domain\":\"t\"},\"user\":{\"id\":\"" + user
                + "\"},\"api_app_id\":\"A1\",\"token\":\"x\",\"trigger_id\":\"tr" + (++events) + "\",\"channel\":{\"id\":\"" + CHANNEL
                + "\"},\"container\":{\"type\":\"message\",\"channel_id\":\"" + CHANNEL + "\"},\"actions\":[{\"type\":\"button\",\"action_id\":\""
                + actionId + "\",\"block_id\":\"b\",\"value\":\"" + value + "\",\"action_ts\":\"1700000001.00" + events + "\"}]}";
        return post("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), "application/x-www-form-urlencoded", Map.of(), true);
    }

    private int react(String user, String reaction, String messageTs) throws IOException {
        return event("EvReact" + (++events), "{\"type\":\"reaction_added\",\"user\":\"" + user + "\",\"reaction\":\"" + reaction
                + "\",\"item\":{\"type\":\"message\",\"channel\":\"" + CHANNEL + "\",\"ts\":\"" + messageTs + "\"},\"event_ts\":\"1\"}", Map.of());
    }

    private ConversationEngine engine() {
        return app.engine();
    }

    private Session session() {
        await(() -> engine().sessionIn(SlackSessions.conversation(FakeSlack.TEAM, CHANNEL, ROOT_TS)).isPresent(), "the session");
        return engine().sessionIn(SlackSessions.conversation(FakeSlack.TEAM, CHANNEL, ROOT_TS)).orElseThrow();
    }

    private SessionSnapshot settled(long sessionId, int turns) {
        await(() -> {
            SessionSnapshot s = engine().snapshot(sessionId);
            return s.turns().size() == turns && s.turns().stream().allMatch(t -> t.turn().status().isFinal());
        }, turns + " finished turns");
        return engine().snapshot(sessionId);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private String messageTsOf(long turnId) {
        await(() -> slack.calls("chat.postMessage").stream().anyMatch(c -> c.params().getOrDefault("text", "").contains("")), "a turn message");
        // The turn's message is the one whose later chat.update carries its buttons' session:turn values.
        String marker = ":" + turnId + ":";
        await(() -> slack.calls("chat.update").stream().anyMatch(c -> c.params().getOrDefault("blocks", "").contains(marker)), "turn " + turnId + "'s update");
        return slack.calls("chat.update").stream().filter(c -> c.params().getOrDefault("blocks", "").contains(marker))
                .reduce((a, b) -> b).orElseThrow().params().get("ts");
    }

    @Test
    void aMentionWithAFileStartsAThreadSessionThatRepliesRerollsVotesAndUndoRefine() throws Exception {
        assertThat(mention()).isEqualTo(200);
        Session session = session();
        SessionSnapshot first = settled(session.id(), 1);
        Turn firstTurn = first.turns().get(0).turn();

        var download = slack.calls.stream().filter(c -> c.method().equals("download photo.png")).findFirst().orElseThrow();
        assertThat(download.authorization()).isEqualTo("Bearer " + FakeSlack.BOT_TOKEN);
        var posted = slack.calls("chat.postMessage").get(0);
        assertThat(posted.params()).containsEntry("channel", CHANNEL).containsEntry("thread_ts", ROOT_TS);
        await(() -> !slack.calls("files.completeUploadExternal").isEmpty(), "the variants uploaded");
        String firstMessage = messageTsOf(firstTurn.id());
        JsonNode blocks = slack.calls("chat.update").stream().filter(c -> c.params().get("ts").equals(firstMessage))
                .reduce((a, b) -> b).orElseThrow().json("blocks");
        assertThat(blocks.toString()).contains("kontext:use:1").contains("kontext:reroll").contains("kontext:undo").contains(":two:");
        var upload = slack.calls("files.completeUploadExternal").get(0);
        assertThat(upload.params()).containsEntry("channel_id", CHANNEL).containsEntry("thread_ts", ROOT_TS);
        assertThat(upload.json("files")).hasSize(2);

        String head = engine().session(session.id()).head().sha256();
        for (String reply : List.of("rotate 90", "tint blue", "add a vignette")) {
            assertThat(message("U1", reply, "1700000000.1" + events)).isEqualTo(200);
            await(() -> engine().snapshot(session.id()).turns().stream().anyMatch(t -> t.turn().prompt().equals(reply) && t.turn().status().isFinal()), reply);
            Turn turn = engine().snapshot(session.id()).turns().stream().filter(t -> t.turn().prompt().equals(reply)).findFirst().orElseThrow().turn();
            assertThat(turn.parent().sha256()).isEqualTo(head);
            head = engine().session(session.id()).head().sha256();
        }

        int turnsBefore = engine().snapshot(session.id()).turns().size();
        assertThat(press("U2", "kontext:reroll", session.id() + ":" + firstTurn.id() + ":0")).isEqualTo(200);
        SessionSnapshot rerolled = settled(session.id(), turnsBefore + 1);
        Turn reroll = rerolled.turns().get(turnsBefore).turn();
        assertThat(reroll.prompt()).isEqualTo("make it sepia");
        assertThat(reroll.parent()).isEqualTo(firstTurn.parent());

        String rerollMessage = messageTsOf(reroll.id());
        react("U2", "two", rerollMessage);
        react("U2", "two", rerollMessage);
        assertThat(engine().session(session.id()).head()).isEqualTo(settled(session.id(), turnsBefore + 1).turns().get(turnsBefore).variants().get(0).context());
        react("U3", "two", rerollMessage);
        var secondVariant = settled(session.id(), turnsBefore + 1).turns().get(turnsBefore).variants().get(1);
        await(() -> engine().session(session.id()).head().equals(secondVariant.context()), "two votes to pick variant 2");
        assertThat(settled(session.id(), turnsBefore + 1).turns().get(turnsBefore).variants().get(1).votes()).isEqualTo(2);

        assertThat(press("U1", "kontext:undo", session.id() + ":" + reroll.id() + ":0")).isEqualTo(200);
        var rerollFirst = settled(session.id(), turnsBefore + 1).turns().get(turnsBefore).variants().get(0);
        await(() -> engine().session(session.id()).head().equals(rerollFirst.context()), "undo to move the head back");
        await(() -> slack.calls("chat.postMessage").stream().anyMatch(c -> c.params().getOrDefault("text", "").contains("undid")), "the undo note");
    }

    @Test
    void aRetriedEventStartsOneTurnAndABadSignatureIsRejected() throws Exception {
        assertThat(mention()).isEqualTo(200);
        Session session = session();
        settled(session.id(), 1);
        assertThat(message("U1", "rotate 90", "1700000000.2")).isEqualTo(200);
        settled(session.id(), 2);

        String replay = "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"rotate 90\",\"ts\":\"1700000000.2\",\"thread_ts\":\"" + ROOT_TS
                + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700000000.2\"}";
        assertThat(event("EvMsg1", replay, Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))).isEqualTo(200);
        assertThat(event("EvMsg1", replay, Map.of("X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout"))).isEqualTo(200);

        String forged = "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"type\":\"event_callback\",\"event_id\":\"EvBad\",\"event\":" + replay + "}";
        assertThat(post(forged, "application/json", Map.of(), false)).isEqualTo(401);
        Thread.sleep(300);
        assertThat(engine().snapshot(session.id()).turns()).hasSize(2);
    }

    @Test
    void sideRemarksAndBotMessagesAreIgnoredAndErrorsAnswerPrivately() throws Exception {
        assertThat(mention()).isEqualTo(200);
        Session session = session();
        settled(session.id(), 1);

        message("U1", "// just chatting", "1700000000.3");
        event("EvBot", "{\"type\":\"message\",\"bot_id\":\"B9\",\"user\":\"U9\",\"text\":\"sepia\",\"ts\":\"1700000000.4\",\"thread_ts\":\""
                + ROOT_TS + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700000000.4\"}", Map.of());
        message("U1", "x".repeat(2100), "1700000000.5");

        await(() -> !slack.calls("chat.postEphemeral").isEmpty(), "a private error");
        var ephemeral = slack.calls("chat.postEphemeral").get(0);
        assertThat(ephemeral.params()).containsEntry("user", "U1").containsEntry("channel", CHANNEL);
        assertThat(ephemeral.params().get("text")).contains("2100 characters");
        assertThat(engine().snapshot(session.id()).turns()).hasSize(1);
    }
}
