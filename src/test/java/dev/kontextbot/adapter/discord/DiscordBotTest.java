package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the whole bot against a fresh loopback {@link FakeDiscord}: one {@link DiscordTestApp} per test, closed after it. */
abstract class DiscordBotTest {
    @TempDir
    Path dir;
    FakeDiscord discord;
    DiscordTestApp bot;

    @BeforeEach
    void startBot() {
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "");
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }
}
