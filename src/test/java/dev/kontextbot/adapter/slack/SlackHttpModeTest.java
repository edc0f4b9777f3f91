package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kontextbot.adapter.slack.SlackTestApp.CHANNEL;
import static dev.kontextbot.adapter.slack.SlackTestApp.ROOT_TS;
import static org.assertj.core.api.Assertions.assertThat;

/** The Slack adapter over the real Bolt app in HTTP mode: signed requests in, a loopback fake Slack Web API out. */
class SlackHttpModeTest extends SlackBotTest {
    @Override
    String config() {
        return "defaults:\n  num_images: 2\n  output_format: png\nengine:\n  poll-interval: 50ms\n";
    }

    @Test
    void aMentionWithAFileStartsAThreadSessionThatRepliesRerollsVotesAndUndoRefine() throws Exception {
        assertThat(bot.mention(ROOT_TS, "make it sepia", "photo.png")).isEqualTo(200);
        Session session = bot.session(ROOT_TS);
        Turn firstTurn = bot.settled(session.id(), 1).turns().get(0).turn();

        var download = slack.calls.stream().filter(c -> c.method().equals("download photo.png")).findFirst().orElseThrow();
        assertThat(download.authorization()).isEqualTo("Bearer " + FakeSlack.BOT_TOKEN);
        assertThat(slack.calls("chat.postMessage").get(0).params()).containsEntry("channel", CHANNEL).containsEntry("thread_ts", ROOT_TS);
        String firstMessage = bot.messageTsOf(firstTurn.id());
        JsonNode blocks = slack.calls("chat.update").stream().filter(c -> c.params().get("ts").equals(firstMessage))
                .reduce((a, b) -> b).orElseThrow().json("blocks");
        assertThat(blocks.toString()).contains("kontext:use:1").contains("kontext:reroll").contains("kontext:undo").contains(":two:");
        Await.until(() -> !slack.calls("files.completeUploadExternal").isEmpty(), "the variants uploaded");
        var upload = slack.calls("files.completeUploadExternal").get(0);
        assertThat(upload.params()).containsEntry("channel_id", CHANNEL).containsEntry("thread_ts", ROOT_TS);
        assertThat(upload.json("files")).hasSize(2);

        String head = bot.engine().session(session.id()).head().sha256();
        for (String reply : List.of("rotate 90", "tint blue", "add a vignette")) {
            assertThat(bot.threadReply(ROOT_TS, "U1", reply, "1700000000.1" + bot.next())).isEqualTo(200);
            Await.until(() -> bot.engine().snapshot(session.id()).turns().stream().anyMatch(t -> t.turn().prompt().equals(reply) && t.turn().status().isFinal()), reply);
            Turn turn = bot.engine().snapshot(session.id()).turns().stream().filter(t -> t.turn().prompt().equals(reply)).findFirst().orElseThrow().turn();
            assertThat(turn.parent().sha256()).isEqualTo(head);
            head = bot.engine().session(session.id()).head().sha256();
        }

        int turnsBefore = bot.engine().snapshot(session.id()).turns().size();
        assertThat(bot.press("U2", "kontext:reroll", session.id() + ":" + firstTurn.id() + ":0")).isEqualTo(200);
        SessionSnapshot rerolled = bot.settled(session.id(), turnsBefore + 1);
        Turn reroll = rerolled.turns().get(turnsBefore).turn();
        assertThat(reroll.prompt()).isEqualTo("make it sepia");
        assertThat(reroll.parent()).isEqualTo(firstTurn.parent());

        String rerollMessage = bot.messageTsOf(reroll.id());
        bot.react("U2", "two", rerollMessage);
        bot.react("U2", "two", rerollMessage);
        var variants = bot.settled(session.id(), turnsBefore + 1).turns().get(turnsBefore).variants();
        assertThat(bot.engine().session(session.id()).head()).isEqualTo(variants.get(0).context());
        bot.react("U3", "two", rerollMessage);
        Await.until(() -> bot.engine().session(session.id()).head().equals(variants.get(1).context()), "two votes to pick variant 2");
        assertThat(bot.settled(session.id(), turnsBefore + 1).turns().get(turnsBefore).variants().get(1).votes()).isEqualTo(2);

        assertThat(bot.press("U1", "kontext:undo", session.id() + ":" + reroll.id() + ":0")).isEqualTo(200);
        Await.until(() -> bot.engine().session(session.id()).head().equals(variants.get(0).context()), "undo to move the head back");
        Await.until(() -> slack.calls("chat.postMessage").stream().anyMatch(c -> c.params().getOrDefault("text", "").contains("undid")), "the undo note");
    }

    @Test
    void aRetriedEventStartsOneTurnAndABadSignatureIsRejected() throws Exception {
        assertThat(bot.mention(ROOT_TS, "make it sepia", "photo.png")).isEqualTo(200);
        Session session = bot.session(ROOT_TS);
        bot.settled(session.id(), 1);
        String replay = "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"rotate 90\",\"ts\":\"1700000000.2\",\"thread_ts\":\"" + ROOT_TS
                + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700000000.2\"}";

        assertThat(bot.event("EvReplayed", replay, Map.of())).isEqualTo(200);
        bot.settled(session.id(), 2);
        assertThat(bot.event("EvReplayed", replay, Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))).isEqualTo(200);
        assertThat(bot.event("EvReplayed", replay, Map.of("X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout"))).isEqualTo(200);

        String forged = "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM + "\",\"type\":\"event_callback\",\"event_id\":\"EvBad\",\"event\":" + replay + "}";
        assertThat(bot.post(forged, "application/json", Map.of(), false).status()).isEqualTo(401);
        bot.awaitHandled();
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(2);
    }

    @Test
    void sideRemarksAndBotMessagesAreIgnoredAndErrorsAnswerPrivately() throws Exception {
        assertThat(bot.mention(ROOT_TS, "make it sepia", "photo.png")).isEqualTo(200);
        Session session = bot.session(ROOT_TS);
        bot.settled(session.id(), 1);

        bot.threadReply(ROOT_TS, "U1", "// just chatting", "1700000000.3");
        bot.event("EvBot", "{\"type\":\"message\",\"bot_id\":\"B9\",\"user\":\"U9\",\"text\":\"sepia\",\"ts\":\"1700000000.4\",\"thread_ts\":\""
                + ROOT_TS + "\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700000000.4\"}", Map.of());
        bot.threadReply(ROOT_TS, "U1", "x".repeat(2100), "1700000000.5");

        Await.until(() -> !slack.calls("chat.postEphemeral").isEmpty(), "a private error");
        var ephemeral = slack.calls("chat.postEphemeral").get(0);
        assertThat(ephemeral.params()).containsEntry("user", "U1").containsEntry("channel", CHANNEL);
        assertThat(ephemeral.params().get("text")).contains("2100 characters");
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
    }

    @Test
    void buttonsKeepWorkingAfterARestart() throws Exception {
        bot.mention(ROOT_TS, "make it sepia", "photo.png");
        Session session = bot.session(ROOT_TS);
        Turn turn = bot.settled(session.id(), 1).turns().get(0).turn();
        String messageTs = bot.messageTsOf(turn.id());
        var second = bot.settled(session.id(), 1).turns().get(0).variants().get(1);
        bot.close();

        bot = new SlackTestApp(dir, "defaults:\n  num_images: 2\n");
        assertThat(bot.press("U1", "kontext:use:1", session.id() + ":" + turn.id() + ":1")).isEqualTo(200);

        Await.until(() -> bot.engine().session(session.id()).head().equals(second.context()), "the pick after the restart");
        Await.until(() -> bot.slack.calls("chat.update").stream().anyMatch(c -> messageTs.equals(c.params().get("ts"))), "the old message redrawn");
        String redrawn = bot.slack.calls("chat.update").stream().filter(c -> messageTs.equals(c.params().get("ts"))).reduce((a, b) -> b).orElseThrow()
                .params().get("blocks");
        assertThat(redrawn).containsPattern("\\*#2\\* · seed " + second.seed() + " · fidelity \\d+ · ✅ head");
    }
}
