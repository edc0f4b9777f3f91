package dev.kontextbot.adapter.slack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the whole bot in Slack HTTP mode: a fresh {@link SlackTestApp} per test in its own folder, closed after it. */
abstract class SlackBotTest {
    @TempDir
    Path dir;
    SlackTestApp bot;
    FakeSlack slack;

    /** This class's YAML configuration; none by default. */
    String config() {
        return "";
    }

    @BeforeEach
    void startBot() throws Exception {
        bot = new SlackTestApp(dir, config());
        slack = bot.slack;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }
}
