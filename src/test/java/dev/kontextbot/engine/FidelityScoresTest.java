package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.review.ScoreRepository;
import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.FidelityScorer;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.store.Database;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Scores and drift through the real engine, the offline editor and an H2 file (or PostgreSQL in CI). */
class FidelityScoresTest extends EngineTest {
    static final byte[] PHOTO = TestImages.encode(Scenes.landscape(7, 320, 240), "png");

    private ConversationEngine engine() {
        if (harness == null) {
            harness = new EngineHarness(dir, new OfflineEditorProvider(TestImages.decoder()));
        }
        return harness.engine;
    }

    private ConversationEngine.Started start(String thread, byte[] image, String prompt, ParamOverrides params) {
        var started = engine().start(new StartCommand(EngineHarness.thread(thread), "ana", image, prompt, params, null));
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        harness.awaitScored(started.turn().id());
        return started;
    }

    private Turn edit(long sessionId, String prompt) {
        Turn turn = engine().refine(sessionId, "ana", prompt, ParamOverrides.NONE, null);
        harness.awaitStatus(turn.id(), TurnStatus.DONE);
        return harness.awaitScored(turn.id());
    }

    private BufferedImage read(ImageId id) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(harness.images.read(id)));
    }

    @Test
    void everyVariantOfAnEditIsScoredRightAfterItsTurnIsShownDone() {
        var started = start("s", PHOTO, "caption \"hello\"", ParamOverrides.builder().numImages(3).build());

        Map<VariantRef, VariantScore> scores = engine().scores(started.session().id());

        long turn = started.turn().id();
        // The result is announced first; measuring it must not hold it up.
        assertThat(harness.events).containsSubsequence("done " + turn, "scored " + turn);
        assertThat(scores).containsOnlyKeys(new VariantRef(turn, 0), new VariantRef(turn, 1), new VariantRef(turn, 2));
        assertThat(scores.values()).allSatisfy(score -> {
            assertThat(score.fidelity()).isBetween(70, 98);
            assertThat(score.flags()).isEmpty();
            assertThat(score.sourceFidelity()).isEqualTo(score.fidelity());
        });
    }

    @Test
    void aLaterEditIsScoredAgainstItsParentAndSeparatelyAgainstTheSource() throws IOException {
        var started = start("s", PHOTO, "sepia", ParamOverrides.NONE);
        long sessionId = started.session().id();
        edit(sessionId, "vignette");
        Turn third = edit(sessionId, "darker");

        VariantScore score = engine().scores(sessionId).get(new VariantRef(third.id(), 0));

        BufferedImage output = read(engine().snapshot(sessionId).turns().get(2).variants().get(0).image());
        FidelityScorer scorer = new FidelityScorer();
        assertThat(score.fidelity()).isEqualTo(scorer.compare(read(third.parent()), output).fidelity());
        assertThat(score.sourceFidelity()).isEqualTo(scorer.compare(read(started.session().source()), output).fidelity());
        assertThat(score.sourceFidelity()).isLessThan(score.fidelity());
    }

    @Test
    void scoresSurviveARestart() throws InterruptedException {
        var started = start("s", PHOTO, "blur", ParamOverrides.builder().numImages(2).build());
        Map<VariantRef, VariantScore> before = engine().scores(started.session().id());

        harness.restart();

        assertThat(before).hasSize(2);
        assertThat(harness.engine.scores(started.session().id())).isEqualTo(before);
    }

    @Test
    void aPictureGeneratedFromTextAloneHasNothingToKeepAndNoScore() {
        var started = start("s", null, "a lighthouse at dusk", ParamOverrides.NONE);

        assertThat(engine().scores(started.session().id())).isEmpty();
        assertThat(engine().drift(started.session().id())).isEmpty();
    }

    @Test
    void driftWarnsOnceSeveralEditsAddUpToADifferentPicture() {
        long sessionId = start("s", PHOTO, "sepia", ParamOverrides.NONE).session().id();
        Drift first = engine().drift(sessionId).orElseThrow();
        for (String instruction : new String[]{"vignette", "tint blue", "darker", "more contrast"}) {
            edit(sessionId, instruction);
            assertThat(engine().drift(sessionId).orElseThrow().identityDrift()).as("after " + instruction).isFalse();
        }
        edit(sessionId, "posterize");

        Drift last = engine().drift(sessionId).orElseThrow();
        assertThat(first.sourceFidelity()).isGreaterThan(90);
        assertThat(first.edits()).isEqualTo(1);
        assertThat(last.edits()).isEqualTo(6);
        assertThat(last.sourceFidelity()).isLessThan(Drift.THRESHOLD);
        assertThat(last.identityDrift()).isTrue();
    }

    @Test
    void gentleEditsKeepTheIdentityAndOneBigRequestedChangeIsNotDrift() {
        long gentle = start("gentle", PHOTO, "caption \"one\"", ParamOverrides.NONE).session().id();
        for (String instruction : new String[]{"brighter", "sepia", "vignette", "caption \"two\""}) {
            edit(gentle, instruction);
        }
        long inverted = start("inverted", PHOTO, "invert", ParamOverrides.NONE).session().id();

        Drift kept = engine().drift(gentle).orElseThrow();
        Drift flipped = engine().drift(inverted).orElseThrow();
        assertThat(kept.edits()).isEqualTo(5);
        assertThat(kept.sourceFidelity()).isGreaterThanOrEqualTo(60);
        assertThat(kept.identityDrift()).isFalse();
        assertThat(flipped.sourceFidelity()).isLessThan(10);
        assertThat(flipped.identityDrift()).isFalse();
    }

    @Test
    void editsAreCountedAlongTheHeadsOwnLine() {
        var started = start("s", PHOTO, "sepia", ParamOverrides.builder().numImages(2).build());
        long sessionId = started.session().id();
        edit(sessionId, "vignette");
        edit(sessionId, "blur");
        assertThat(engine().drift(sessionId).orElseThrow().edits()).isEqualTo(3);

        engine().pick(sessionId, new VariantRef(started.turn().id(), 1), "ana");
        Drift picked = engine().drift(sessionId).orElseThrow();
        engine().undo(sessionId, "ana");

        assertThat(picked.edits()).isEqualTo(1);
        assertThat(picked.sourceFidelity())
                .isEqualTo(engine().scores(sessionId).get(new VariantRef(started.turn().id(), 1)).sourceFidelity());
        assertThat(engine().drift(sessionId).orElseThrow().edits()).isEqualTo(3);
        var branch = engine().branch(sessionId, new VariantRef(started.turn().id(), 0), EngineHarness.thread("branch"), "ana");
        assertThat(engine().drift(branch.id())).contains(Drift.of(100, 0));
        assertThat(engine().review(sessionId).branches()).containsEntry(new VariantRef(started.turn().id(), 0), java.util.List.of(branch.id()));
    }

    @Test
    void anUploadedHeadHasNoKnownDrift() {
        long sessionId = start("s", PHOTO, "sepia", ParamOverrides.NONE).session().id();

        engine().replaceHead(sessionId, TestImages.encode(Scenes.landscape(99, 100, 80), "png"), "ana");

        assertThat(engine().drift(sessionId)).isEmpty();
    }

    @Test
    void anImageThatCannotBeMeasuredLeavesTheTurnDoneWithoutAScore() {
        // A WebP header is accepted at intake (a real provider reads WebP) but ImageIO cannot decode it.
        byte[] webp = dev.kontextbot.testing.CraftedImages.webp(100, 80, 100, 80);
        harness = new EngineHarness(dir, new FakeProvider());
        var started = start("s", webp, "make it red", ParamOverrides.NONE);

        assertThat(harness.engine.turn(started.turn().id()).orElseThrow().status()).isEqualTo(TurnStatus.DONE);
        assertThat(harness.engine.scores(started.session().id())).isEmpty();
        assertThat(harness.engine.session(started.session().id()).head()).isNotEqualTo(started.session().source());
    }

    @Test
    void aScoreThatCannotBeStoredLeavesTheTurnDoneWithoutIt() throws InterruptedException {
        Database database = TestDatabases.open(dir, 4);
        EngineStores real = dev.kontextbot.testing.TestImageStores.stores(database, dir, Clock.systemUTC());
        // Stores each score under a variant that does not exist: the database refuses it.
        ScoreRepository refused = new ScoreRepository() {
            @Override
            public void save(Map<VariantRef, VariantScore> scores) {
                real.scores().save(scores.entrySet().stream()
                        .collect(Collectors.toMap(e -> new VariantRef(e.getKey().turnId(), 99), Map.Entry::getValue)));
            }

            @Override
            public Map<VariantRef, VariantScore> ofSession(long sessionId) {
                return real.scores().ofSession(sessionId);
            }
        };
        EngineStores stores = new EngineStores(real.sessions(), real.turns(), real.votes(), real.images(), real.transactions(), refused, real.imageUrls());
        ConversationEngine engine = new ConversationEngine(stores, new OfflineEditorProvider(TestImages.decoder()), new ImageInspector(10_000_000, 40_000_000),
                EngineHarness.FAST, Clock.systemUTC(), () -> 7);
        AtomicBoolean scored = new AtomicBoolean();
        engine.addListener(new TurnListener() {
            @Override
            public void onScored(Turn turn) {
                scored.set(true);
            }
        });
        try {
            var started = engine.start(new StartCommand(EngineHarness.thread("s"), "ana", PHOTO, "sepia", ParamOverrides.NONE, null));
            Await.until(() -> engine.turn(started.turn().id()).orElseThrow().status().isFinal(), "the turn to end");
            Await.until(scored::get, "the scoring to be over");

            assertThat(engine.turn(started.turn().id()).orElseThrow().status()).isEqualTo(TurnStatus.DONE);
            assertThat(engine.session(started.session().id()).head()).isNotEqualTo(started.session().source());
            assertThat(engine.scores(started.session().id())).isEmpty();
        } finally {
            engine.close();
            database.close();
        }
    }

    @Test
    void undoingBackToTheSourceReportsNothingLost() {
        var started = start("s", PHOTO, "sepia", ParamOverrides.NONE);
        engine().undo(started.session().id(), "ana");

        assertThat(engine().drift(started.session().id())).isEqualTo(Optional.of(Drift.of(100, 0)));
    }
}
