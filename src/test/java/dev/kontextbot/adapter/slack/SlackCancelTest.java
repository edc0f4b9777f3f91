package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling a running turn from its message, on a provider that keeps it running until then. */
class SlackCancelTest {
    static final String THREAD = "1700002000.000100";

    @TempDir
    Path dir;

    @Test
    void aRefusedCancelIsAnsweredInTheThreadAndTheCancelledMessageMentionsWhoCancelled() throws Exception {
        try (FakeService fal = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, Integer.MAX_VALUE);
            try (SlackTestApp bot = new SlackTestApp(dir, "engine:\n  poll-interval: 50ms\n",
                    Map.of("KONTEXT_PROVIDER", "fal", "FAL_KEY", "fal-test-key-0123456789", "FAL_BASE_URL", fal.base()))) {
                FakeSlack slack = bot.slack;
                slack.files.put("p.png", TestImages.encode(TestImages.drawn(8, 8, (x, y) -> 0x336699), "png"));
                bot.mention(THREAD, "make the jacket red", "p.png");
                Session session = bot.session(THREAD);
                Await.until(() -> queue.polls.get() > 0, "the turn running");
                Turn turn = bot.engine().snapshot(session.id()).turns().get(0).turn();
                String value = session.id() + ":" + turn.id() + ":0";

                bot.pressInThread("U2", "kontext:cancel", value, THREAD, "1700000000.101");
                Await.until(() -> slack.calls("chat.postEphemeral").stream().anyMatch(c -> c.params().get("text").contains("can cancel it")), "the refusal");
                assertThat(slack.calls("chat.postEphemeral").stream().filter(c -> c.params().get("text").contains("can cancel it")).findFirst()
                        .orElseThrow().params()).containsEntry("user", "U2").containsEntry("thread_ts", THREAD);

                bot.pressInThread("U1", "kontext:cancel", value, THREAD, "1700000000.101");
                Await.until(() -> bot.engine().turn(turn.id()).orElseThrow().status() == TurnStatus.CANCELLED, "the cancel");
                Await.until(() -> slack.calls("chat.update").stream().anyMatch(c -> c.params().containsKey("blocks")
                                && c.json("blocks").toString().contains("Cancelled by <@U1>.")),
                        "the message naming who cancelled, as a mention");
            }
        }
    }
}
