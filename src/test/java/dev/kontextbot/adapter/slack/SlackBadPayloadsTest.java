package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static dev.kontextbot.adapter.slack.SlackTestApp.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

/** Chat payloads that must change nothing and never surface as a server error, delivered through real Bolt. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackBadPayloadsTest {
    SlackTestApp bot;
    long sessionId;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        bot = new SlackTestApp(dir, null);
        bot.slack.files.put("p.png", TestImages.encode(TestImages.drawn(8, 8, (x, y) -> 0x808080), "png"));
        bot.mention("1700000900.000100", "sepia", "p.png");
        sessionId = bot.session("1700000900.000100").id();
        bot.settled(sessionId, 1);
    }

    @AfterAll
    void stop() {
        bot.close();
    }

    private int turnsInChannel() {
        return bot.engine().recentSessions(SlackBot.PLATFORM, FakeSlack.TEAM, CHANNEL, 100).stream().mapToInt(s -> s.turns().size()).sum();
    }

    @ParameterizedTest(name = "button value {0}")
    @ValueSource(strings = {"", "x:y:z", "1:2", "999:999:0", "-1:-1:-1", "1:1:1:1", "9223372036854775807:1:0", "%00", "<script>"})
    void buttonsWithForgedValuesAnswerPrivatelyAndDoNothing(String value) throws Exception {
        int before = turnsInChannel();
        int ephemerals = bot.slack.calls("chat.postEphemeral").size();

        assertThat(bot.press("U1", "kontext:reroll", value)).isEqualTo(200);

        Await.until(() -> bot.slack.calls("chat.postEphemeral").size() > ephemerals, "a private answer");
        assertThat(bot.slack.calls("chat.postEphemeral").get(ephemerals).params().get("text")).contains("can't find");
        assertThat(turnsInChannel()).isEqualTo(before);
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(strings = {
            "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"sepia\",\"ts\":\"1.1\",\"thread_ts\":\"9999.9999\",\"channel\":\"C0CHAN\",\"event_ts\":\"1.1\"}",
            "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"two\",\"item\":{\"type\":\"message\",\"channel\":\"C0CHAN\",\"ts\":\"42.42\"},\"event_ts\":\"1\"}",
            "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"two\",\"item\":{\"type\":\"file\",\"file\":\"F1\"},\"event_ts\":\"1\"}",
            "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@UBOT>\",\"ts\":\"1700000900.000100\",\"channel\":\"C0CHAN\",\"event_ts\":\"1\"}",
            "{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"C0CHAN\",\"ts\":\"1.2\",\"event_ts\":\"1.2\"}"})
    void eventsForNothingOfOursAreAcknowledgedAndIgnored(String event) throws Exception {
        int before = turnsInChannel();

        assertThat(bot.event("EvBad" + bot.next(), event, Map.of())).isEqualTo(200);

        bot.awaitHandled();
        assertThat(turnsInChannel()).isEqualTo(before);
    }

    @ParameterizedTest(name = "request {0}")
    @ValueSource(strings = {"not json at all", "{\"type\":\"event_callback\"}", "payload=%7Bbroken", "{}"})
    void garbledRequestsNeverReachTheEngineAsErrors(String body) throws Exception {
        int before = turnsInChannel();

        int status = bot.post(body, body.startsWith("payload=") ? "application/x-www-form-urlencoded" : "application/json", Map.of(), true).status();

        assertThat(status).isLessThan(500);
        assertThat(turnsInChannel()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aReplyFromAnotherWorkspaceInAThreadWithTheSameIdsReachesNoSession() throws Exception {
        int before = turnsInChannel();
        String event = "{\"type\":\"message\",\"user\":\"U9\",\"text\":\"invert\",\"ts\":\"1700000900.000500\",\"thread_ts\":\"1700000900.000100\","
                + "\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700000900.000500\"}";
        String body = "{\"token\":\"x\",\"team_id\":\"T_OTHER\",\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\"EvForeign\","
                + "\"event_time\":1700000000,\"event\":" + event + "}";

        assertThat(bot.post(body, "application/json", Map.of(), true).status()).isLessThan(500);

        bot.awaitHandled();
        assertThat(turnsInChannel()).isEqualTo(before);
        assertThat(bot.engine().recentSessions(SlackBot.PLATFORM, "T_OTHER", CHANNEL, 10)).isEmpty();
    }
}
