package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn on a provider that takes a while (a loopback fal.ai queue): one message edited through its life, and Cancel. */
class DiscordProgressTest {
    static final byte[] PHOTO = TestImages.encode(TestImages.drawn(40, 30, (x, y) -> 0x336699 + x), "png");

    @TempDir
    Path dir;
    FakeService fal;
    FakeDiscord discord;
    DiscordTestApp bot;

    void start(int pollsBeforeDone) throws IOException {
        fal = new FakeService();
        FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, pollsBeforeDone);
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "engine:\n  poll-interval: 50ms\n", Map.of("KONTEXT_PROVIDER", "fal",
                "FAL_KEY", "fal-test-key-0123456789", "FAL_BASE_URL", fal.base()));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (fal != null) {
            fal.close();
        }
    }

    FakeChannel startedThread() {
        SentInteraction edit = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "make the jacket red", "image", FakeFile.png("p.png", PHOTO)));
        discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/\\d+/threads");
        return discord.threads().get(0);
    }

    @Test
    void oneMessageGoesFromQueuedThroughGeneratingToTheResult() throws IOException {
        start(12);
        FakeChannel thread = startedThread();
        Session session = bot.session(thread);
        long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();
        String messageId = bot.doneMessageOf(thread, turn).id();

        // The fake shows a message's new state a moment before it lists the call that made it.
        Await.until(() -> discord.calls().stream().anyMatch(c -> c.method().equals("PATCH") && c.json().path("content").asText().startsWith("✅")),
                "the result's edit recorded");
        List<String> shown = discord.calls().stream()
                .filter(c -> (c.method().equals("POST") && c.path().equals("channels/" + thread.id() + "/messages"))
                        || (c.method().equals("PATCH") && c.path().equals("channels/" + thread.id() + "/messages/" + messageId)))
                .map(RecordedCall::json).map(json -> json.path("content").asText()).toList();
        assertThat(shown.get(0)).startsWith("⏳ **Queued**");
        assertThat(shown).anyMatch(text -> text.startsWith("🎨 **Generating…**"));
        assertThat(shown.get(shown.size() - 1)).startsWith("✅ “make the jacket red”").contains("$0.04");
        assertThat(bot.engine().turn(turn).orElseThrow().costMicros()).isEqualTo(40_000);
    }

    @Test
    void onlyTheRequesterOrAnAdminCancelsARunningTurn() throws IOException {
        start(1_000_000);
        FakeChannel thread = startedThread();
        Session session = bot.session(thread);
        long turn = bot.engine().snapshot(session.id()).turns().get(0).turn().id();
        String messageId = bot.messageOf(thread, turn).id();
        Await.until(() -> discord.message(messageId).content().startsWith("🎨 **Generating…**"), "the turn running");

        SentInteraction byBob = discord.button(thread, discord.bob(), messageId, new ComponentId("cancel", session.id(), turn, 0).encode());
        assertThat(discord.awaitCall("POST", byBob.webhookPath()).json().get("content").asText()).contains("Only <@" + discord.alice().id() + ">");
        assertThat(bot.engine().turn(turn).orElseThrow().status()).isEqualTo(TurnStatus.RUNNING);

        discord.button(thread, discord.carol(), messageId, new ComponentId("cancel", session.id(), turn, 0).encode());
        Await.until(() -> bot.engine().turn(turn).orElseThrow().status() == TurnStatus.CANCELLED, "the admin's cancel");
        Await.until(() -> discord.message(messageId).content().startsWith("⏹"), "the message showing the cancel");
        assertThat(discord.message(messageId).customIds()).contains(new ComponentId("reroll", session.id(), turn, 0).encode());
    }
}
