package dev.kontextbot.adapter.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** A test of the running playground on the offline editor: a fresh one per test in its own folder, closed after it. */
abstract class PlaygroundTest {
    @TempDir
    Path dir;
    RunningPlayground playground;

    @BeforeEach
    void startPlayground() {
        playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20));
    }

    @AfterEach
    void stopPlayground() {
        playground.close();
    }
}
