package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real JDA client inside the real bot, against a loopback Discord speaking the gateway and REST protocols:
 * a session from {@code /kontext edit} through three replies, a reroll, a pick by votes and an undo.
 */
class DiscordEndToEndTest extends DiscordBotTest {
    @Test
    void theBannerInvitesWithExactlyThePermissionsTheBotUses() {
        String banner = bot.app.banner();

        assertThat(banner).contains("Discord:     connected; invite it to a server with https://discord.com/oauth2/authorize?client_id=")
                .contains("scope=applications.commands+bot")
                .contains("permissions=" + net.dv8tion.jda.api.Permission.getRaw(DiscordAccess.INVITE));
    }

    @Test
    void buttonsKeepWorkingAfterARestart() {
        byte[] photo = TestImages.encode(TestImages.drawn(64, 48, (x, y) -> x << 16 | y << 8), "png");
        discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "sepia", "image", FakeFile.png("photo.png", photo), "variants", 2));
        discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/\\d+/threads");
        FakeChannel thread = discord.threads().get(0);
        Session session = bot.session(thread);
        SessionSnapshot done = bot.settled(session.id(), 1);
        long turn = done.turns().get(0).turn().id();
        StoredMessage message = bot.doneMessageOf(thread, turn);
        bot.app.close();

        bot = new DiscordTestApp(dir, discord, "");
        discord.button(thread, discord.bob(), message.id(), new ComponentId("use", session.id(), turn, 1).encode());

        Await.until(() -> bot.engine().session(session.id()).head().equals(done.turns().get(0).variants().get(1).context()),
                "the pick after the restart");
        Await.until(() -> discord.message(message.id()).content().matches("(?s).*\\*\\*#2\\*\\*[^\\n]*✅ head.*"),
                "the old message redrawn with the new head");
    }

    @Test
    void aSessionRunsFromEditThroughRepliesRerollVotesAndUndo() {
        byte[] photo = TestImages.encode(TestImages.drawn(96, 64, (x, y) -> (x * 2) << 16 | (y * 3) << 8 | 90), "png");
        assertThat(discord.registeredCommands(null)).extracting(c -> c.get("name").asText()).contains("kontext", "Edit with Kontext");

        SentInteraction edit = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "grayscale", "image", FakeFile.png("photo.png", photo), "variants", 2));

        RecordedCall deferred = discord.awaitCallback(edit);
        assertThat(deferred.at("/type").asInt()).as("a deferred, private reply").isEqualTo(5);
        assertThat(deferred.at("/data/flags").asInt() & 64).isEqualTo(64);
        RecordedCall starter = discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages");
        assertThat(starter.files()).hasSize(1);
        assertThat(starter.file(0).bytes()).isEqualTo(photo);
        discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/\\d+/threads");
        FakeChannel thread = discord.threads().get(0);
        assertThat(thread.name()).isEqualTo("grayscale");
        RecordedCall answered = discord.awaitCall("PATCH", edit.originalPath().replaceFirst("^/", ""));
        assertThat(answered.json().get("content").asText()).isEqualTo("Started in <#" + thread.id() + ">.");

        Session session = bot.session(thread);
        SessionSnapshot first = bot.settled(session.id(), 1);
        long firstTurn = first.turns().get(0).turn().id();
        StoredMessage firstMessage = bot.doneMessageOf(thread, firstTurn);
        assertThat(firstMessage.attachmentFilenames()).containsExactly("kontext-" + firstTurn + "-1.jpg", "kontext-" + firstTurn + "-2.jpg");
        assertThat(firstMessage.customIds()).contains(new ComponentId("use", session.id(), firstTurn, 1).encode());
        RecordedCall queuedPost = discord.awaitCall("POST", "channels/" + thread.id() + "/messages");
        assertThat(queuedPost.json().get("content").asText()).startsWith("⏳ **Queued**");

        discord.messageCreate(thread, discord.alice(), "sepia");
        discord.messageCreate(thread, discord.bob(), "invert");
        discord.messageCreate(thread, discord.alice(), "mirror");
        SessionSnapshot replies = bot.settled(session.id(), 4);
        assertThat(replies.turns()).extracting(t -> t.turn().prompt()).containsExactly("grayscale", "sepia", "invert", "mirror");
        for (int i = 1; i < 4; i++) {
            assertThat(replies.turns().get(i).turn().parent()).as("turn %d edits the head the turn before it left", i + 1)
                    .isEqualTo(replies.turns().get(i - 1).variants().get(0).context());
        }
        long fourth = replies.turns().get(3).turn().id();
        StoredMessage fourthMessage = bot.doneMessageOf(thread, fourth);

        discord.button(thread, discord.bob(), fourthMessage.id(), new ComponentId("reroll", session.id(), fourth, 0).encode());
        SessionSnapshot rerolled = bot.settled(session.id(), 5);
        SessionSnapshot.TurnSnapshot reroll = rerolled.turns().get(4);
        assertThat(reroll.turn().kind()).isEqualTo(TurnKind.REROLL);
        assertThat(reroll.turn().parent()).isEqualTo(replies.turns().get(3).turn().parent());
        assertThat(reroll.turn().params().seed()).isNotEqualTo(replies.turns().get(3).turn().params().seed());
        assertThat(rerolled.session().head()).isEqualTo(reroll.variants().get(0).context());

        discord.reactionAdd(thread, fourthMessage.id(), discord.alice(), "1️⃣");
        discord.reactionAdd(thread, fourthMessage.id(), discord.bob(), "1️⃣");
        Await.until(() -> bot.engine().session(session.id()).head().equals(replies.turns().get(3).variants().get(0).context()),
                "two votes making the fourth turn's first variant the head");
        Await.until(() -> discord.message(fourthMessage.id()).content().matches("(?s).*2 votes · fidelity \\d+ · ✅ head.*"), "the tally and head mark");

        discord.button(thread, discord.alice(), fourthMessage.id(), new ComponentId("undo", session.id(), fourth, 0).encode());
        Await.until(() -> bot.engine().session(session.id()).head().equals(reroll.variants().get(0).context()),
                "undo moving the head back to the reroll's image");
        Await.until(() -> discord.messages(thread).stream().anyMatch(m -> m.content().startsWith("↩ <@" + discord.alice().id() + "> undid")),
                "the undo note in the thread");
        assertThat(discord.unknownRoutes()).isEmpty();
    }
}
