package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.adapter.chat.TurnFailureWords;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.bfl.BflConfig;
import dev.kontextbot.provider.bfl.BflProvider;
import dev.kontextbot.provider.http.FakeBflTasks;
import dev.kontextbot.provider.http.FakeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine running BFL turns of several variants (one task each) against a loopback BFL whose sample URLs work once,
 * as expiring delivery URLs may. Each result must be fetched exactly once, kept across a restart, and a variant that
 * cannot be had must be named, never dropped in silence.
 */
class MultiTaskTurnsTest extends EngineTest {
    FakeService server;
    FakeBflTasks bfl;

    private void start(IntUnaryOperator looksBeforeReady, IntPredicate refusedPost, EngineSettings settings) throws IOException {
        server = new FakeService();
        bfl = new FakeBflTasks(looksBeforeReady, refusedPost);
        bfl.base = server.base();
        server.server.setDispatcher(bfl);
        BflProvider provider = new BflProvider(new BflConfig(server.base(), FakeService.API_KEY, TestCatalogue.routes("bfl"), 1_000_000), server.http());
        harness = new EngineHarness(dir, provider, settings);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Turn fourVariants() {
        return harness.engine.start(new StartCommand(EngineHarness.thread("bfl"), "ana", FakeService.png(), "make the jacket red",
                ParamOverrides.builder().numImages(4).seed(10L).build(), null)).turn();
    }

    private List<Variant> variantsOf(Turn turn) {
        return harness.engine.snapshot(turn.sessionId()).turns().get(0).variants();
    }

    @Test
    void tasksThatFinishAtDifferentTimesAreEachFetchedOnceAndTheTurnHasAllFourVariants() throws IOException {
        start(task -> task + 1, post -> false, EngineHarness.FAST);

        Turn done = harness.awaitSettled(fourVariants().id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(done.shortfall()).isEmpty();
        assertThat(bfl.fetchesByTask()).isEqualTo(Map.of(0, 1, 1, 1, 2, 1, 3, 1));
        assertThat(variantsOf(done)).extracting(Variant::seed).containsExactlyInAnyOrder(10L, 11L, 12L, 13L);
        assertThat(variantsOf(done)).extracting(Variant::index).containsExactly(0, 1, 2, 3);
        assertThat(done.costMicros()).isEqualTo(4 * 40_000);
    }

    @Test
    void theCostBflReportsForEachTaskIsWhatTheTurnRecordsEvenAcrossARestart() throws Exception {
        start(task -> 1, post -> false, EngineHarness.FAST);
        bfl.creditsPerTask = 7.5;
        bfl.holdLaterTasks = true;
        Turn turn = harness.engine.start(new StartCommand(EngineHarness.thread("bfl"), "ana", FakeService.png(), "make the jacket red",
                ParamOverrides.builder().model(new dev.kontextbot.engine.model.ModelId("flux-2-pro")).numImages(3).seed(10L).build(), null)).turn();
        Await.until(() -> delivered(harness.engine.turn(turn.id()).orElseThrow()) == 2, "two variants stored");

        harness.restart();
        bfl.holdLaterTasks = false;
        Turn done = harness.awaitSettled(turn.id());

        assertThat(bfl.paths).containsOnly("/v1/flux-2-pro").hasSize(3);
        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        // 3 tasks × 7.5 credits of $0.01, not the catalogue's estimate (3 × $0.045).
        assertThat(done.costMicros()).isEqualTo(3 * 75_000);
    }

    @Test
    void variantsThatArrivedBeforeARestartAreKeptAndNotFetchedAgain() throws Exception {
        start(task -> 1, post -> false, EngineHarness.FAST);
        bfl.holdLaterTasks = true;
        Turn turn = fourVariants();
        Await.until(() -> delivered(harness.engine.turn(turn.id()).orElseThrow()) == 2, "two variants stored");

        harness.restart();
        bfl.holdLaterTasks = false;
        Turn done = harness.awaitSettled(turn.id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(bfl.fetchesByTask()).isEqualTo(Map.of(0, 1, 1, 1, 2, 1, 3, 1));
        List<Variant> variants = variantsOf(done);
        assertThat(variants).hasSize(4);
        for (Variant variant : variants) {
            assertThat(harness.images.read(variant.image())).isEqualTo(FakeBflTasks.sample((int) (variant.seed() - 10)));
        }
        assertThat(done.costMicros()).isEqualTo(4 * 40_000);
    }

    private static long delivered(Turn turn) {
        String job = turn.providerJob() == null ? "" : turn.providerJob();
        return job.split("DELIVERED", -1).length - 1;
    }

    @Test
    void aSecondSubmitRefusedForNowIsSentAgainAndOnlyTheMissingTasksAreSent() throws IOException {
        start(task -> 1, post -> post == 2, EngineHarness.FAST);

        Turn done = harness.awaitSettled(fourVariants().id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(done.shortfall()).isEmpty();
        assertThat(bfl.posts.get()).isEqualTo(5);
        assertThat(bfl.seeds).containsExactly(10L, 11L, 12L, 13L);
        assertThat(variantsOf(done)).hasSize(4);
        assertThat(done.costMicros()).isEqualTo(4 * 40_000);
    }

    @Test
    void tasksStillRefusedWhenTheRetriesRunOutEndTheTurnWithWhatArrivedAndSayWhy() throws IOException {
        start(task -> 1, post -> post >= 2, EngineHarness.FAST);

        Turn done = harness.awaitSettled(fourVariants().id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(done.shortfall()).contains("1 of 4 variants; 3 were refused by the provider: BFL answered HTTP 429.");
        assertThat(bfl.accepted.get()).isEqualTo(1);
        assertThat(bfl.posts.get()).isEqualTo(1 + 1 + EngineHarness.FAST.retry().maxRetries());
        assertThat(variantsOf(done)).hasSize(1);
        assertThat(done.costMicros()).isEqualTo(40_000);
    }

    @Test
    void aTaskRefusedForGoodStopsTheRoundSoTheRestIsNeitherPostedNorLostInSilence() throws IOException {
        start(task -> 1, post -> false, EngineHarness.FAST);
        bfl.rejectedPost = post -> post == 2;

        Turn done = harness.awaitSettled(fourVariants().id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(bfl.posts.get()).as("the first task, then the refused one; the third and fourth are not sent").isEqualTo(2);
        assertThat(done.shortfall()).contains("1 of 4 variants; 3 were refused by the provider: BFL refused the request: prompt: prompt is not allowed.");
        assertThat(variantsOf(done)).hasSize(1);
        assertThat(done.costMicros()).isEqualTo(40_000);
    }

    @Test
    void aStatusNobodyDocumentedEndsTheTurnSoonSayingSoAndKeepsWhatArrived() throws IOException {
        start(task -> task == 0 ? 1 : Integer.MAX_VALUE, post -> false, EngineHarness.FAST.withUnknownStatusPatience(Duration.ofMillis(200)));
        bfl.pendingWord = "Reticulating";

        Turn done = harness.awaitSettled(fourVariants().id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(done.shortfall()).hasValueSatisfying(shortfall -> assertThat(shortfall)
                .startsWith("1 of 4 variants; 3 were not made: bfl kept answering a status this bot does not know ('Reticulating')"));
        assertThat(new TurnFailureWords().shortfall(done, TestWords.GERMAN)).hasValueSatisfying(shortfall -> assertThat(shortfall)
                .startsWith("1 von 4 Varianten; 3 wurden nicht erzeugt: bfl meldete immer wieder einen Status"));
        assertThat(variantsOf(done)).hasSize(1);
    }

    @Test
    void cancellingAfterSomeVariantsArrivedKeepsThemAndSaysTheRestWasCancelled() throws IOException {
        start(task -> 1, post -> false, EngineHarness.FAST);
        bfl.holdLaterTasks = true;
        Turn turn = fourVariants();
        Await.until(() -> delivered(harness.engine.turn(turn.id()).orElseThrow()) == 2, "two variants stored");

        harness.engine.cancel(turn.sessionId(), turn.id(), "ana");
        Turn done = harness.awaitSettled(turn.id());

        assertThat(done.status()).isEqualTo(TurnStatus.DONE);
        assertThat(done.shortfall()).contains("2 of 4 variants; 2 were cancelled by ana.");
        assertThat(done.lacking()).as("typed in its row").contains(new TurnFailure.Partial(2, 4, new TurnFailure.Cancelled("ana", "")));
        assertThat(new TurnFailureWords().shortfall(done, TestWords.GERMAN)).as("a German reader of the stored turn")
                .contains("2 von 4 Varianten; 2 wurden von ana abgebrochen.");
        assertThat(variantsOf(done)).hasSize(2);
        assertThat(done.costMicros()).isEqualTo(2 * 40_000);
    }
}
