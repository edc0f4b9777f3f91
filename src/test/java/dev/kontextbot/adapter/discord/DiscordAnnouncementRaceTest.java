package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineSettings;
import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.Quotas;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.AnnouncementRepository.Announcement;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqAnnouncementRepository;
import dev.kontextbot.store.JooqStores;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImages;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/**
 * Two bot instances render the same turn: the one that queued it and the one that runs it, which may not run the
 * guild's shard. Both find no message yet and post one; the other instance's message is stored first (while this
 * instance's post is under way), so this instance deletes its own and, unless it only says "queued", draws its news
 * on the kept one.
 */
class DiscordAnnouncementRaceTest {
    @TempDir
    Path dir;
    FakeDiscord discord;
    Database database;
    ConversationEngine engine;
    JooqAnnouncementRepository announcements;
    ExecutorService rendering = Executors.newSingleThreadExecutor();
    FakeChannel thread;
    Turn turn;
    String theirs;
    DiscordTurnAnnouncer announcer;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start();
        JDA jda = discord.connect(EnumSet.of(GatewayIntent.GUILD_MESSAGES));
        database = TestDatabases.open(dir, 4);
        Clock clock = Clock.systemUTC();
        EngineStores stores = JooqStores.over(database, dir.resolve("images"), clock);
        AtomicLong seeds = new AtomicLong();
        // No listeners: only this test's calls render the turn.
        engine = new ConversationEngine(stores, new OfflineEditorProvider(TestImages.decoder()), new ImageInspector(10_000_000, 40_000_000),
                new EngineSettings(2, Duration.ofMillis(5), Duration.ofSeconds(20), 2000, new RetryPolicy(1, Duration.ofMillis(5),
                        Duration.ofMillis(10), 2), ParamOverrides.NONE, 2, 0, Duration.ofMinutes(1), Quotas.NONE), clock, seeds::incrementAndGet);
        announcements = new JooqAnnouncementRepository(database.dsl());
        thread = discord.createThread(discord.general(), discord.alice(), "race");
        byte[] photo = TestImages.encode(TestImages.drawn(64, 48, (x, y) -> x << 18 | y << 8), "png");
        turn = engine.start(new ConversationEngine.StartCommand(DiscordPlaces.thread(thread.guildId(), thread.parentId(), thread.id()),
                discord.alice().id(), photo, "sepia", ParamOverrides.NONE, "k-race")).turn();
        DiscordRestMessages rest = new DiscordRestMessages(() -> jda);
        theirs = rest.post(thread.id(), new TurnMessages().queued(ENGLISH, turn, 0, 0).create());
        DiscordRestMessages racing = spy(rest);
        doAnswer(call -> {
            announcements.save(new Announcement(turn.id(), DiscordBot.PLATFORM, thread.id(), theirs, List.of()));
            return call.callRealMethod();
        }).when(racing).post(anyString(), any(MessageCreateData.class));
        // A thread needs no shard to find its channel id.
        announcer = new DiscordTurnAnnouncer(engine, racing, stores.images(), announcements, rendering,
                clock, 8_000_000, new DiscordWords(dev.kontextbot.adapter.words.TestWords.LANGUAGES, guild -> java.util.Optional.empty(),
                new dev.kontextbot.store.JooqPersonLocales(database.dsl(), clock), Runnable::run));
    }

    @AfterEach
    void stop() throws Exception {
        rendering.shutdownNow();
        engine.close();
        database.close();
        discord.close();
    }

    @Test
    void aResultPostedAfterTheOtherInstanceStoredItsMessageMovesOntoThatMessage() {
        Await.until(() -> engine.turn(turn.id()).orElseThrow().status().isFinal(), "the turn done");
        SessionSnapshot.TurnSnapshot done = engine.snapshot(turn.sessionId()).turns().get(0);
        assertThat(done.turn().status()).as(done.turn().errorMessage()).isEqualTo(TurnStatus.DONE);

        announcer.onDone(done.turn(), done.variants());

        RecordedCall deleted = discord.awaitCall("DELETE", "channels/" + thread.id() + "/messages/\\d+");
        assertThat(deleted.path()).doesNotEndWith("/" + theirs);
        Await.until(() -> discord.message(theirs).content().startsWith("✅"), "the result on the kept message");
        assertThat(discord.message(theirs).attachmentFilenames()).containsExactly("kontext-" + turn.id() + "-1.jpg");
        assertThat(discord.messages(thread)).extracting(StoredMessage::id).containsExactly(theirs);
        assertThat(announcements.ofTurn(turn.id()).orElseThrow().messageId()).isEqualTo(theirs);
    }

    @Test
    void aQueuedMessagePostedAfterTheOtherInstanceStoredItsMessageIsOnlyDeleted() throws Exception {
        announcer.onQueued(turn, 0);

        discord.awaitCall("DELETE", "channels/" + thread.id() + "/messages/\\d+");
        announcer.finishPending(Duration.ofSeconds(5));
        assertThat(discord.messages(thread)).extracting(StoredMessage::id).containsExactly(theirs);
        assertThat(discord.message(theirs).isEdited()).as("the other instance's message is left as it is").isFalse();
        assertThat(discord.calls()).noneMatch(c -> c.method().equals("PATCH"));
    }
}
