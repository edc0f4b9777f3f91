package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.kontextbot.adapter.slack.SlackTestApp.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** What a careless or hostile Slack user found: files that are not images, prompts that outgrow Block Kit, odd dates, crashes. */
class SlackEdgeCasesTest extends SlackBotTest {
    final CapturedLogs log = CapturedLogs.root();

    @Override
    String config() {
        return "defaults:\n  output_format: png\n";
    }

    @BeforeEach
    void start() {
        slack.files.put("report.pdf", "%PDF-1.4 not a picture".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @AfterEach
    void stop() {
        log.close();
    }

    private List<FakeSlack.Call> ephemeralsContaining(String text) {
        return slack.calls("chat.postEphemeral").stream().filter(c -> c.params().getOrDefault("text", "").contains(text)).toList();
    }

    @Test
    void aMentionWithAFileThatIsNotAnImageIsAnsweredPrivatelyAndStartsNothing() throws Exception {
        bot.mention("1700001000.000100", "make it sepia", "report.pdf", "application/pdf");

        Await.until(() -> !ephemeralsContaining("is not an image").isEmpty(), "the private refusal");
        FakeSlack.Call refusal = ephemeralsContaining("is not an image").get(0);
        assertThat(refusal.params()).containsEntry("user", "U1").containsEntry("thread_ts", "1700001000.000100");
        assertThat(refusal.params().get("text")).contains("“report.pdf”");
        assertThat(bot.engine().sessionIn(SlackSessions.conversation(FakeSlack.TEAM, CHANNEL, "1700001000.000100"))).isEmpty();
        assertThat(slack.calls.stream().map(FakeSlack.Call::method)).doesNotContain("download report.pdf");
    }

    @Test
    void aThreadReplyWithAFileThatIsNotAnImageAddsNoTurn() throws Exception {
        bot.mention("1700001100.000100", "sepia", "dog.png");
        Session session = bot.session("1700001100.000100");
        bot.settled(session.id(), 1);

        bot.event("EvPdf", "{\"type\":\"message\",\"subtype\":\"file_share\",\"user\":\"U1\",\"text\":\"invert this one\",\"ts\":\"1700001100.000200\","
                + "\"thread_ts\":\"1700001100.000100\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700001100.000200\",\"files\":[{\"id\":\"F8\","
                + "\"name\":\"report.pdf\",\"mimetype\":\"application/pdf\",\"url_private\":\"" + slack.fileUrl("report.pdf") + "\"}]}", Map.of());

        Await.until(() -> !ephemeralsContaining("“report.pdf” is not an image").isEmpty(), "the private refusal");
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
    }

    @Test
    void aPromptOfLegalLengthFullOfEscapedCharactersStillGetsItsMessageAndButtons() throws Exception {
        String typed = "&<>".repeat(666);
        // Slack sends what people type with & < > as entities: 8,658 characters on the wire for 1,998 typed.
        bot.mention("1700001200.000100", typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), "dog.png");

        Session session = bot.session("1700001200.000100");
        Turn turn = bot.settled(session.id(), 1).turns().get(0).turn();
        assertThat(turn.prompt()).isEqualTo(typed);

        String messageTs = bot.messageTsOf(turn.id());
        Await.until(() -> slack.calls("chat.update").stream().anyMatch(c -> messageTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("blocks", "").contains("kontext:reroll")), "the finished turn drawn with its buttons");
        List<FakeSlack.Call> withBlocks = slack.calls.stream().filter(c -> c.method().startsWith("chat.") && c.params().containsKey("blocks")).toList();
        assertThat(withBlocks).isNotEmpty().allSatisfy(c -> assertThat(FakeSlack.blockKitRefusal(c.params().get("blocks"))).as(c.method()).isNull());
        assertThat(slack.calls("chat.postMessage").get(0).params().get("text")).doesNotContain("<");
    }

    @Test
    void aMessageWhoseBlocksSlackRefusesIsPostedAgainAsPlainTextAndStillUpdated() throws Exception {
        slack.refuseBlocks.set(1);

        bot.mention("1700001300.000100", "sepia", "dog.png");

        Session session = bot.session("1700001300.000100");
        Turn turn = bot.settled(session.id(), 1).turns().get(0).turn();
        Await.until(() -> slack.calls("chat.postMessage").size() >= 2, "the plain retry");
        List<FakeSlack.Call> posts = slack.calls("chat.postMessage");
        assertThat(posts.get(0).params()).containsKey("blocks");
        assertThat(posts.get(1).params()).doesNotContainKey("blocks").containsEntry("thread_ts", "1700001300.000100");
        assertThat(posts.get(1).params().get("text")).contains("sepia");
        // The plain message was kept as the turn's message: the result is drawn into it, buttons and all.
        assertThat(bot.messageTsOf(turn.id())).isNotBlank();
    }

    @Test
    void aMessageRefusedAsBlocksAndThenAsPlainTextIsLoggedOnce() throws Exception {
        slack.refuseBlocks.set(1);
        slack.refusePlain.set(1);

        bot.mention("1700001350.000100", "sepia", "dog.png");

        Await.until(() -> slack.calls("chat.postMessage").size() >= 2, "the plain retry");
        Await.until(() -> log.events().stream().anyMatch(e -> e.getFormattedMessage().contains("internal_error")), "the failure to be logged");
        assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("invalid_blocks") || e.getFormattedMessage().contains("internal_error"))
                .hasSize(1).allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("chat.postMessage").contains("invalid_blocks")
                        .contains("internal_error"));
    }

    @Test
    void signedRequestsDatedMoreThanFiveMinutesAwayEitherWayAreRefused() throws Exception {
        String body = "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"type\":\"event_callback\",\"event_id\":\"EvSkew\",\"event\":"
                + "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"two\",\"item\":{\"type\":\"message\",\"channel\":\"" + CHANNEL
                + "\",\"ts\":\"1.1\"},\"event_ts\":\"1\"}}";

        assertThat(bot.post(body, "application/json", Map.of(), true, Duration.ofMinutes(10)).status()).as("10 minutes ahead").isEqualTo(401);
        assertThat(bot.post(body, "application/json", Map.of(), true, Duration.ofMinutes(-10)).status()).as("10 minutes ago").isEqualTo(401);
        assertThat(bot.post(body, "application/json", Map.of(), true, Duration.ofMinutes(4)).status()).as("4 minutes ahead").isEqualTo(200);
        assertThat(bot.post(body, "application/json", Map.of(), true, Duration.ofMinutes(-4)).status()).as("4 minutes ago").isEqualTo(200);
    }

    @Test
    void anUnexpectedFailureInABackgroundTaskIsLoggedOnceAndTheButtonsPresserIsToldPrivately() throws Exception {
        bot.mention("1700001400.000100", "sepia", "dog.png");
        Session session = bot.session("1700001400.000100");
        bot.settled(session.id(), 1);

        // A turn the session does not have: looking it up fails in a way no handler expects.
        bot.pressInThread("U2", "kontext:info", session.id() + ":987654:0", "1700001400.000100", "1700000000.101");

        Await.until(() -> !ephemeralsContaining(Apology.sorry(ENGLISH)).isEmpty(), "the apology");
        assertThat(ephemeralsContaining(Apology.sorry(ENGLISH)).get(0).params()).containsEntry("user", "U2").containsEntry("thread_ts", "1700001400.000100");
        // Our own loggers only: a Socket Mode client another test class left behind may still be logging its reconnects.
        List<ILoggingEvent> errors = log.atLeast(Level.ERROR).stream().filter(e -> e.getLoggerName().startsWith("dev.kontextbot")).toList();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.getLoggerName()).isEqualTo(SlackBot.class.getName());
            assertThat(e.getThrowableProxy()).isNotNull();
        });
    }

    @Test
    void aRemixFormThatCannotBeReadIsAnsweredPrivatelyInItsSessionsThread() throws Exception {
        bot.mention("1700001500.000100", "sepia", "dog.png");
        Session session = bot.session("1700001500.000100");
        Turn first = bot.settled(session.id(), 1).turns().get(0).turn();

        // Slack's select offers 1-4; a forged submission sends anything.
        bot.interactive("{\"type\":\"view_submission\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\"},\"user\":{\"id\":\"U1\"},"
                + "\"view\":{\"id\":\"V7\",\"type\":\"modal\",\"callback_id\":\"kontext_remix\",\"private_metadata\":\""
                + session.id() + ":" + first.id() + ":0\",\"state\":{\"values\":{\"prompt\":{\"value\":{\"type\":\"plain_text_input\","
                + "\"value\":\"mirror\"}},\"num_images\":{\"value\":{\"type\":\"static_select\",\"selected_option\":{\"value\":\"many\"}}}}}},"
                + "\"token\":\"x\"}");

        Await.until(() -> !ephemeralsContaining(Apology.sorry(ENGLISH)).isEmpty(), "the apology");
        assertThat(ephemeralsContaining(Apology.sorry(ENGLISH)).get(0).params()).containsEntry("user", "U1").containsEntry("thread_ts", "1700001500.000100");
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
    }
}
