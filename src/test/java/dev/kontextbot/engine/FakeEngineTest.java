package dev.kontextbot.engine;

import org.junit.jupiter.api.BeforeEach;

/** A test of the real engine on a {@link FakeProvider} with the harness's fast settings, opened before each test. */
abstract class FakeEngineTest extends EngineTest {
    FakeProvider provider = new FakeProvider();
    ConversationEngine engine;

    @BeforeEach
    void open() {
        harness = new EngineHarness(dir, provider);
        engine = harness.engine;
    }
}
