package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance that does not run the shard of a session's guild (another instance does) still shows the session's
 * turns: a turn's events fire on whichever instance runs it, and its message goes to the thread by id over REST.
 * The bot runs shard {@code 1 - home} of 2, where {@code home} is the shard Discord assigns the fake's guild.
 */
class DiscordShardsTest {
    static final byte[] PHOTO = TestImages.encode(TestImages.drawn(64, 48, (x, y) -> (x * 3) << 16 | (y * 4) << 8 | 40), "png");
    static final ParamOverrides TWO_VARIANTS = ParamOverrides.builder().numImages(2).build();

    @TempDir
    Path dir;
    FakeDiscord discord;
    DiscordTestApp bot;
    final ListAppender<ILoggingEvent> announcerLog = new ListAppender<>();
    final Logger announcerLogger = (Logger) LoggerFactory.getLogger(DiscordTurnAnnouncer.class);

    @BeforeEach
    void start() {
        announcerLog.start();
        announcerLogger.addAppender(announcerLog);
        discord = FakeDiscord.start();
        int home = discord.guild().shard(2);
        bot = new DiscordTestApp(dir, discord, "", Map.of("DISCORD_SHARD_TOTAL", "2", "DISCORD_SHARDS", String.valueOf(1 - home)));
    }

    @AfterEach
    void stop() {
        bot.close();
        announcerLogger.detachAppender(announcerLog);
    }

    @Test
    void aTurnInAGuildOnAnotherInstancesShardIsPostedAndFinishedInItsThread() {
        assertThat(discord.dispatchedEvents()).as("this instance does not have the guild").noneMatch(e -> e.type().equals("GUILD_CREATE"));
        FakeChannel thread = discord.createThread(discord.general(), discord.alice(), "a session");
        Conversation place = DiscordPlaces.thread(thread.guildId(), thread.parentId(), thread.id());

        Session session = bot.engine().start(new ConversationEngine.StartCommand(place, discord.alice().id(), PHOTO, "grayscale",
                TWO_VARIANTS, "k-shards-1")).session();
        long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();

        RecordedCall queued = discord.awaitCall("POST", "channels/" + thread.id() + "/messages");
        assertThat(queued.json().get("content").asText()).startsWith("⏳ **Queued**").contains("grayscale");
        StoredMessage shown = bot.doneMessageOf(thread, turn);
        assertThat(discord.messages(thread)).as("one message for the turn").extracting(StoredMessage::id).containsExactly(shown.id());
        assertThat(shown.attachmentFilenames()).containsExactly("kontext-" + turn + "-1.jpg", "kontext-" + turn + "-2.jpg");
        assertThat(shown.customIds()).contains(new ComponentId("use", session.id(), turn, 0).encode(),
                new ComponentId("use", session.id(), turn, 1).encode(), new ComponentId("reroll", session.id(), turn, 0).encode());
        RecordedCall result = awaitDoneEdit(thread, shown.id());
        assertThat(result.multipart()).isTrue();
        assertThat(result.files()).extracting(RecordedCall.FilePart::filename)
                .containsExactly("kontext-" + turn + "-1.jpg", "kontext-" + turn + "-2.jpg");
        assertNothingSkipped();
    }

    @Test
    void aTurnInDirectMessagesIsShownWithoutShardZero() {
        FakeChannel dm = discord.dmWith(discord.alice());
        Conversation place = DiscordPlaces.directMessages(discord.alice().id(), dm.id(), "discord:i:shards");

        Session session = bot.engine().start(new ConversationEngine.StartCommand(place, discord.alice().id(), PHOTO, "sepia",
                TWO_VARIANTS, "k-shards-2")).session();
        long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();

        assertThat(discord.awaitCall("POST", "channels/" + dm.id() + "/messages").json().get("content").asText()).startsWith("⏳ **Queued**");
        StoredMessage shown = bot.doneMessageOf(dm, turn);
        assertThat(shown.attachmentFilenames()).containsExactly("kontext-" + turn + "-1.jpg", "kontext-" + turn + "-2.jpg");
        assertThat(awaitDoneEdit(dm, shown.id()).files()).hasSize(2);
        // The session keeps its DM channel's id: nothing is looked up or opened again.
        assertThat(discord.calls()).noneMatch(c -> c.path().startsWith("users/@me/channels"));
        assertNothingSkipped();
    }

    /** The edit that attached the result (progress edits may come before it). */
    private RecordedCall awaitDoneEdit(FakeChannel channel, String messageId) {
        String path = "channels/" + channel.id() + "/messages/" + messageId;
        // The fake shows a message's new state a moment before it lists the call that made it.
        Await.until(() -> discord.calls().stream().anyMatch(c -> isDoneEdit(c, path)), "the result's edit recorded");
        return discord.calls().stream().filter(c -> isDoneEdit(c, path)).findFirst().orElseThrow();
    }

    private static boolean isDoneEdit(RecordedCall call, String path) {
        return call.method().equals("PATCH") && call.path().equals(path) && call.json().path("content").asText().startsWith("✅");
    }

    private void assertNothingSkipped() {
        assertThat(discord.unknownRoutes()).isEmpty();
        assertThat(announcerLog.list).as("nothing the announcer skipped or failed")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }
}
