package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.testing.DatabaseBehindProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** Discord wants every interaction answered within 3 s, also while the bot's database does not answer. */
class DiscordDatabaseOutageTest {
    @TempDir
    Path dir;
    DatabaseBehindProxy database;
    FakeDiscord discord;
    DiscordTestApp bot;

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aCommandWhileTheDatabaseHangsIsAnsweredWithTheApologyWithinDiscordsThreeSeconds() throws Exception {
        database = DatabaseBehindProxy.start(dir);
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "", Map.of("KONTEXT_DB_URL", database.url(), "KONTEXT_DB_USER", database.user(),
                "KONTEXT_DB_PASSWORD", database.password()));

        database.proxy().stall();
        long sent = System.nanoTime();
        SentInteraction command = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "make it red", "url", "https://example.com/cat.png"));
        RecordedCall callback = discord.awaitCallback(command);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        database.proxy().restore();

        assertThat(callback.json().at("/data/content").asText()).isEqualTo(Apology.databaseUnavailable(ENGLISH));
        assertThat(callback.json().at("/data/flags").asInt() & 64).as("only the person sees it").isEqualTo(64);
        // The pool waits 3 s for a connection: a claim that waited for it would answer too late for Discord.
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }
}
