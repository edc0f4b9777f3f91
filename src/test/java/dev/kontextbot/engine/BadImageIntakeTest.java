package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad-input files whose headers lie about what decoding them costs: each is refused when the session would
 * start, with a sentence that says why, and nothing is stored (no session, no turn that later fails).
 */
class BadImageIntakeTest {
    @TempDir
    Path dir;
    EngineHarness harness;

    @BeforeEach
    void open() {
        harness = new EngineHarness(dir, new FakeProvider());
    }

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gif-frame-bomb.gif     | The image is 20000×20000 pixels; the limit is 40 megapixels.",
            "jpeg-frame-bomb.jpg    | The image is 30000×30000 pixels",
            "webp-frame-bomb.webp   | The image is 20000×20000 pixels",
            "webp-canvas-bomb.webp  | The image is 20000×20000 pixels",
            "webp-vp8-bomb.webp     | The image is 16000×16000 pixels",
            "avif-extent-bomb.avif  | The image is 40000×40000 pixels",
            "png-garbage-ihdr.png   | The PNG image is damaged or unreadable",
            "png-truncated-idat.png | The PNG image is damaged or unreadable",
            "truncated.png          | The PNG image is damaged or unreadable",
    })
    void isRefusedAtIntakeWithItsReason(String file, String reason) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/bad-inputs", file));

        assertThatThrownBy(() -> harness.engine.start(new StartCommand(EngineHarness.thread(file), "ana", bytes, "make it red",
                ParamOverrides.NONE, null)))
                .isInstanceOf(EngineRejection.class).hasMessageStartingWith(reason).hasMessageNotContaining("1852797984")
                .extracting(e -> ((EngineRejection) e).reason()).isEqualTo(EngineRejection.Reason.INVALID);
        assertThat(harness.engine.recentSessions(new Platform("playground"), "local", "playground", 10)).isEmpty();
        assertThat(harness.database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.IMAGE)).isZero();
    }
}
