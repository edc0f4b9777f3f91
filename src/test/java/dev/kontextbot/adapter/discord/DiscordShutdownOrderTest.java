package dev.kontextbot.adapter.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop drains in order: no new work, the engine finishes what it does, what it last said (a result, a late fidelity
 * score) reaches Discord, and only then the gateway and the pools close. A turn is held at its end until the stop has
 * begun and Discord's connection closed (the old order closed Discord before the engine) or three seconds passed
 * (the engine is draining it): its score must still be drawn, and nothing logged at ERROR.
 */
class DiscordShutdownOrderTest {
    @TempDir
    Path dir;

    @Test
    void aScoreThatArrivesWhileStoppingIsStillDrawnBeforeDiscordCloses() throws Exception {
        FakeDiscord discord = FakeDiscord.start();
        try (CapturedLogs logs = CapturedLogs.root()) {
            DiscordTestApp bot = new DiscordTestApp(dir, discord, "");
            CountDownLatch turnEnded = new CountDownLatch(1);
            CountDownLatch stopping = new CountDownLatch(1);
            bot.engine().addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    // On the engine's worker, before the turn's scoring is handed over: the score comes late.
                    turnEnded.countDown();
                    try {
                        stopping.await(20, TimeUnit.SECONDS);
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                        while (discord.isGatewayConnected() && System.nanoTime() < until) {
                            TimeUnit.MILLISECONDS.sleep(20);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            FakeChannel thread = discord.createThread(discord.general(), discord.alice(), "a session");
            long turn = bot.engine().start(new ConversationEngine.StartCommand(DiscordPlaces.thread(thread.guildId(), thread.parentId(), thread.id()),
                    discord.alice().id(), DiscordShardsTest.PHOTO, "grayscale", DiscordShardsTest.TWO_VARIANTS, "k-stop-1")).turn().id();
            assertThat(turnEnded.await(20, TimeUnit.SECONDS)).as("the turn ended").isTrue();
            StoredMessage shown = bot.doneMessageOf(thread, turn);
            assertThat(shown.content()).doesNotContain("fidelity");

            Thread stop = new Thread(bot.app::close, "test-stop");
            stop.start();
            stopping.countDown();
            stop.join(TimeUnit.SECONDS.toMillis(60));

            assertThat(stop.isAlive()).as("the stop finished").isFalse();
            assertThat(discord.message(shown.id()).content()).as("the late score was drawn before Discord closed").contains("fidelity");
            assertThat(logs.atLeast(Level.ERROR)).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            discord.close();
        }
    }
}
