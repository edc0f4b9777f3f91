package dev.kontextbot.adapter.slack;

import com.slack.api.app_backend.SlackSignature;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.TestImages;


/** The whole bot in Slack HTTP mode against {@link FakeSlack}, and Slack's side of the conversation: signed requests. */
final class SlackTestApp implements AutoCloseable {
    static final String SECRET = "signing-secret-for-tests-0123";
    static final String CHANNEL = "C0CHAN";
    /** The thread a test's first mention starts. */
    static final String ROOT_TS = "1700000000.000001";

    final FakeSlack slack;
    final Application app;
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private int sequence;

    record Answer(int status, String body) {
    }

    SlackTestApp(Path dir, String yaml) throws IOException {
        this(dir, yaml, Map.of("KONTEXT_PROVIDER", "offline"));
    }

    /** {@code env}: more environment, e.g. another provider and its base URL. */
    SlackTestApp(Path dir, String yaml, Map<String, String> env) throws IOException {
        this(dir, yaml, env, java.util.function.UnaryOperator.identity());
    }

    /** {@code around}: wraps the configured provider (one that records what it is sent, say). */
    SlackTestApp(Path dir, String yaml, Map<String, String> env,
                 java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around) throws IOException {
        this(dir, yaml, env, around, new dev.kontextbot.adapter.chat.commands.CommandCatalogue(), dev.kontextbot.adapter.words.Languages.load(), Application::publicLinks);
    }

    /** {@code commands} and their {@code languages}: the chat commands the bot offers, a test's own among them. */
    SlackTestApp(Path dir, String yaml, Map<String, String> env, java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around,
                 dev.kontextbot.adapter.chat.commands.CommandCatalogue commands, dev.kontextbot.adapter.words.Languages languages) throws IOException {
        this(dir, yaml, env, around, commands, languages, Application::publicLinks);
    }

    /** {@code links}: the fetcher of pasted links (one that reaches the test's own https server, say). */
    SlackTestApp(Path dir, String yaml, Map<String, String> env,
                 java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around, Application.LinkFetchers links)
            throws IOException {
        this(dir, yaml, env, around, new dev.kontextbot.adapter.chat.commands.CommandCatalogue(), dev.kontextbot.adapter.words.Languages.load(), links);
    }

    SlackTestApp(Path dir, String yaml, Map<String, String> env, java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around,
                 dev.kontextbot.adapter.chat.commands.CommandCatalogue commands, dev.kontextbot.adapter.words.Languages languages,
                 Application.LinkFetchers links) throws IOException {
        slack = new FakeSlack();
        // The pictures every test can mention without sharing its own.
        slack.files.put("photo.png", TestImages.encode(TestImages.drawn(48, 32, (x, y) -> (x * 5) << 16 | (y * 7) << 8 | 80), "png"));
        slack.files.put("dog.png", TestImages.encode(TestImages.drawn(30, 20, (x, y) -> x * 8 << 8), "png"));
        Map<String, String> all = new java.util.HashMap<>(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN, "SLACK_SIGNING_SECRET", SECRET, "SLACK_MODE", "http", "SLACK_API_URL", slack.apiUrl()));
        all.putAll(env);
        app = Application.start(new ConfigLoader(all).load(yaml, "test"), Application.Wiring.standard().around(around).commands(commands, languages).links(links));
    }

    ConversationEngine engine() {
        return app.engine();
    }

    /**
     * Waits until the bot has handled everything Slack sent it so far (the work each handler hands off after its ack):
     * after it, "nothing happened" means nothing will.
     */
    void awaitHandled() throws InterruptedException {
        org.assertj.core.api.Assertions.assertThat(app.slackBot().orElseThrow().awaitHandled(Await.PATIENCE))
                .as("the Slack handlers to finish").isTrue();
    }

    int next() {
        return ++sequence;
    }

    Answer post(String body, String contentType, Map<String, String> extraHeaders, boolean validSignature) throws IOException {
        return post(body, contentType, extraHeaders, validSignature, Duration.ZERO);
    }

    /** {@code skew}: how far from now the request says it was sent (signed for that date). */
    Answer post(String body, String contentType, Map<String, String> extraHeaders, boolean validSignature, Duration skew) throws IOException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000 + skew.toSeconds());
        String signature = new SlackSignature.Generator(validSignature ? SECRET : "wrong-secret-0000000000").generate(timestamp, body);
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + app.httpPort() + "/slack/events")
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature)
                .post(RequestBody.create(body, MediaType.get(contentType)));
        extraHeaders.forEach(request::header);
        try (Response response = client.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.body().string());
        }
    }

    int event(String eventId, String eventJson, Map<String, String> headers) throws IOException {
        String body = "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\""
                + eventId + "\",\"event_time\":1700000000,\"event\":" + eventJson + "}";
        return post(body, "application/json", headers, true).status();
    }

    int threadReply(String thread, String user, String text, String ts) throws IOException {
        return event("EvMsg" + next(), "{\"type\":\"message\",\"user\":\"" + user + "\",\"text\":\"" + text + "\",\"ts\":\"" + ts
                + "\",\"thread_ts\":\"" + thread + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"" + ts + "\",\"channel_type\":\"channel\"}", Map.of());
    }

    int mention(String ts, String text, String fileName) throws IOException {
        return mention(ts, text, fileName, "image/png");
    }

    /** {@code text} as Slack sends it: with {@code & < >} written as entities. */
    int mention(String ts, String text, String fileName, String mimetype) throws IOException {
        return event("EvMention" + next(), "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@" + FakeSlack.BOT_USER + "> " + text
                + "\",\"ts\":\"" + ts + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"" + ts + "\",\"files\":[{\"id\":\"F0\",\"name\":\""
                + fileName + "\",\"mimetype\":\"" + mimetype + "\",\"url_private\":\"" + slack.fileUrl(fileName) + "\"}]}", Map.of());
    }

    /** A mention (starting a session when {@code thread} is null) or a thread reply with several image files, in order. */
    int withFiles(String thread, String ts, String text, boolean mention, String... fileNames) throws IOException {
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < fileNames.length; i++) {
            files.append(i == 0 ? "" : ",").append("{\"id\":\"F").append(i).append("\",\"name\":\"").append(fileNames[i])
                    .append("\",\"mimetype\":\"image/png\",\"url_private\":\"").append(slack.fileUrl(fileNames[i])).append("\"}");
        }
        String said = mention ? "<@" + FakeSlack.BOT_USER + "> " + text : text;
        return event((mention ? "EvMention" : "EvMsg") + next(), "{\"type\":\"" + (mention ? "app_mention" : "message") + "\",\"user\":\"U1\","
                + "\"text\":\"" + said + "\",\"ts\":\"" + ts + "\"" + (thread == null ? "" : ",\"thread_ts\":\"" + thread + "\"")
                + ",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"" + ts + "\",\"channel_type\":\"channel\",\"files\":[" + files + "]}", Map.of());
    }

    /** A press of a button on a message in thread {@code threadTs}, as Slack describes it (container.thread_ts). */
    int pressInThread(String user, String actionId, String value, String threadTs, String messageTs) throws IOException {
        return interactive("{\"type\":\"block_actions\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\",\"domain\":\"t\"},\"user\":{\"id\":\"" + user
                + "\"},\"api_app_id\":\"A1\",\"token\":\"x\",\"trigger_id\":\"tr" + next() + "\",\"channel\":{\"id\":\"" + CHANNEL
                + "\"},\"container\":{\"type\":\"message\",\"message_ts\":\"" + messageTs + "\",\"channel_id\":\"" + CHANNEL
                + "\",\"is_ephemeral\":false,\"thread_ts\":\"" + threadTs + "\"},\"message\":{\"type\":\"message\",\"ts\":\"" + messageTs
                + "\",\"thread_ts\":\"" + threadTs + "\",\"text\":\"x\"},\"actions\":[{\"type\":\"button\",\"action_id\":\"" + actionId
                + "\",\"block_id\":\"b\",\"value\":\"" + value + "\",\"action_ts\":\"1700000001.00" + sequence + "\"}]}").status();
    }

    int press(String user, String actionId, String value) throws IOException {
        return interactive("{\"type\":\"block_actions\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\",\"domain\":\"t\"},\"user\":{\"id\":\"" + user
                + "\"},\"api_app_id\":\"A1\",\"token\":\"x\",\"trigger_id\":\"tr" + next() + "\",\"channel\":{\"id\":\"" + CHANNEL
                + "\"},\"container\":{\"type\":\"message\",\"channel_id\":\"" + CHANNEL + "\"},\"actions\":[{\"type\":\"button\",\"action_id\":\""
                + actionId + "\",\"block_id\":\"b\",\"value\":\"" + value + "\",\"action_ts\":\"1700000001.00" + sequence + "\"}]}").status();
    }

    Answer interactive(String payloadJson) throws IOException {
        return post("payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8), "application/x-www-form-urlencoded", Map.of(), true);
    }

    Answer command(String user, String text) throws IOException {
        String form = "token=x&team_id=" + FakeSlack.TEAM + "&team_domain=t&channel_id=" + CHANNEL + "&channel_name=general&user_id=" + user
                + "&user_name=u&command=%2Fkontext&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&api_app_id=A1&response_url=" + URLEncoder.encode(slack.apiUrl() + "response", StandardCharsets.UTF_8)
                + "&trigger_id=trc" + next();
        return post(form, "application/x-www-form-urlencoded", Map.of(), true);
    }

    int react(String user, String reaction, String messageTs) throws IOException {
        return event("EvReact" + next(), "{\"type\":\"reaction_added\",\"user\":\"" + user + "\",\"reaction\":\"" + reaction
                + "\",\"item\":{\"type\":\"message\",\"channel\":\"" + CHANNEL + "\",\"ts\":\"" + messageTs + "\"},\"event_ts\":\"1\"}", Map.of());
    }

    Session session(String thread) {
        var conversation = SlackSessions.conversation(FakeSlack.TEAM, CHANNEL, thread);
        Await.until(() -> engine().sessionIn(conversation).isPresent(), "the session in thread " + thread);
        return engine().sessionIn(conversation).orElseThrow();
    }

    SessionSnapshot settled(long sessionId, int turns) {
        Await.until(() -> {
            SessionSnapshot s = engine().snapshot(sessionId);
            return s.turns().size() == turns && s.turns().stream().allMatch(t -> t.turn().status().isFinal());
        }, turns + " finished turns");
        return engine().snapshot(sessionId);
    }

    /** The ts of the message that shows {@code turnId} (the one its buttons were drawn into, running or done). */
    String messageTsOf(long turnId) {
        String marker = ":" + turnId + ":";
        Await.until(() -> slack.calls("chat.update").stream().anyMatch(c -> c.params().getOrDefault("blocks", "").contains(marker)), "turn " + turnId + "'s message");
        return slack.calls("chat.update").stream().filter(c -> c.params().getOrDefault("blocks", "").contains(marker))
                .reduce((a, b) -> b).orElseThrow().params().get("ts");
    }


    @Override
    public void close() {
        app.close();
        slack.close();
    }
}
