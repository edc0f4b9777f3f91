package dev.kontextbot.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the real engine in its own folder: the {@link EngineHarness} it opens there is closed after it. */
abstract class EngineTest {
    @TempDir
    Path dir;
    EngineHarness harness;

    @AfterEach
    void closeHarness() throws InterruptedException {
        if (harness != null) {
            harness.close();
        }
    }
}
