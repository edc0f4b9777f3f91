package dev.kontextbot.engine;

import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/**
 * A turn is numbered by its place in its session on every surface, not by its id (ids are global: the first turn of
 * a second session has id 3 here). The pictures and the chat adapters' Info read the number from the snapshot.
 */
class TurnNumbersTest {
    @TempDir
    Path dir;
    EngineHarness harness;
    ConversationEngine engine;

    @BeforeEach
    void open() {
        harness = new EngineHarness(dir, new OfflineEditorProvider(TestImages.decoder()));
        engine = harness.engine;
    }

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    private Session startWithTwoTurns(String name) {
        byte[] photo = TestImages.encode(Scenes.landscape(3, 320, 240), "png");
        var started = engine.start(new StartCommand(EngineHarness.thread(name), "ana", photo, "make it sepia", ParamOverrides.NONE, null));
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        harness.awaitStatus(engine.refine(started.session().id(), "ana", "mirror", ParamOverrides.NONE, null).id(), TurnStatus.DONE);
        return started.session();
    }

    @Test
    void turnsAreNumberedByTheirPlaceInTheSessionAndABranchNamesTheTurnItCameFromTheSameWay() {
        startWithTwoTurns("first");
        Session second = startWithTwoTurns("second");
        SessionSnapshot snapshot = engine.snapshot(second.id());
        Turn mirror = snapshot.turns().get(1).turn();

        assertThat(mirror.id()).isEqualTo(4);
        assertThat(snapshot.number(mirror.id())).isEqualTo(2);
        assertThat(new TurnDescriptions(engine).lineage(ENGLISH, mirror)).isEqualTo("source → turn 1 #1 → turn 2");

        Session branch = engine.branch(second.id(), new VariantRef(mirror.id(), 0), EngineHarness.thread("branch"), "ana");
        assertThat(engine.snapshot(branch.id()).origin()).isEqualTo(new SessionSnapshot.BranchOrigin(second.id(), 2, 0));
        assertThat(snapshot.origin()).isNull();
    }
}
