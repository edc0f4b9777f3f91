package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.testing.RefusalsSaid;
import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kontextbot.testing.RefusalsSaid.said;
import static dev.kontextbot.testing.RefusalsSaid.saysContaining;
import static dev.kontextbot.testing.RefusalsSaid.saysStartingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationEngineTest extends FakeEngineTest {
    private ConversationEngine.Started startWithImage(String thread, ParamOverrides params) {
        return engine.start(new StartCommand(EngineHarness.thread(thread), "ana", FakeProvider.png(
                new dev.kontextbot.engine.port.EditRequest("source " + thread, null, java.util.List.of()), 1), "make it red", params, null));
    }

    private ImageId headOf(long sessionId) {
        return engine.session(sessionId).head();
    }

    @Test
    void firstTurnEditsTheSourceAndItsFirstVariantBecomesHead() {
        var started = startWithImage("t1", ParamOverrides.builder().numImages(2).build());
        Session session = started.session();
        assertThat(session.head()).isEqualTo(session.source());

        Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(done.parent()).isEqualTo(session.source());
        var snapshot = engine.snapshot(session.id());
        var variants = snapshot.turns().get(0).variants();
        assertThat(variants).hasSize(2);
        assertThat(headOf(session.id())).isEqualTo(variants.get(0).context());
        assertThat(snapshot.turns().get(0).picked()).isEqualTo(0);
        assertThat(done.costMicros()).isEqualTo(2 * 40_000);
        assertThat(provider.submitted.get(0).image()).isPresent();
    }

    @Test
    void aTurnsEstimateIsItsModelsPriceForEachVariantAndAGenerationFromTextToo() {
        var edit = engine.start(StartCommand.of(EngineHarness.thread("estimate"), "ana", List.of(FakeProvider.png(
                new dev.kontextbot.engine.port.EditRequest("source", null, List.of()), 1)), "make it red",
                ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(3).build(), null)).turn();
        var text = engine.start(StartCommand.of(EngineHarness.thread("estimate-text"), "ana", List.of(), "a red fox", ParamOverrides.NONE, null)).turn();

        assertThat(engine.estimateMicros(edit)).isEqualTo(3 * 80_000);
        assertThat(engine.estimateMicros(text)).isEqualTo(40_000);
    }

    @Test
    void refineAppliesToHeadNotToSource() {
        var started = startWithImage("chain", ParamOverrides.NONE);
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        ImageId previousHead = headOf(sessionId);
        for (String instruction : new String[]{"now blue", "add a hat", "on a beach"}) {
            Turn turn = engine.refine(sessionId, "ana", instruction, ParamOverrides.NONE, null);
            Turn done = harness.awaitStatus(turn.id(), TurnStatus.DONE);
            assertThat(done.parent()).isEqualTo(previousHead).isNotEqualTo(started.session().source());
            assertThat(headOf(sessionId)).isNotEqualTo(previousHead);
            previousHead = headOf(sessionId);
        }
        assertThat(engine.snapshot(sessionId).turns()).extracting(t -> t.turn().prompt())
                .containsExactly("make it red", "now blue", "add a hat", "on a beach");
    }

    @Test
    void refineSentWhileATurnRunsWaitsAndEditsThatTurnsResult() {
        provider.holdJobs = true;
        var started = startWithImage("queue", ParamOverrides.NONE);
        long sessionId = started.session().id();
        Turn second = engine.refine(sessionId, "ana", "second", ParamOverrides.NONE, null);
        harness.awaitJob(started.turn().id());

        assertThat(engine.turn(second.id()).orElseThrow().status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(provider.submits()).isEqualTo(1);
        assertThat(harness.events).contains("queued " + second.id() + " at 1");  // queued events fire before refine returns

        provider.releaseAll();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        ImageId firstResult = headOf(sessionId);
        harness.awaitJob(second.id());
        provider.releaseAll();
        Turn secondDone = harness.awaitStatus(second.id(), TurnStatus.DONE);
        assertThat(secondDone.parent()).isEqualTo(firstResult);
    }

    @Test
    void pickedVariantBecomesHeadAndTheNextRefineEditsIt() {
        var started = startWithImage("pick", ParamOverrides.builder().numImages(3).build());
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        var third = engine.snapshot(sessionId).turns().get(0).variants().get(2);

        engine.pick(sessionId, new VariantRef(started.turn().id(), 2), "bo");

        assertThat(headOf(sessionId)).isEqualTo(third.context());
        assertThat(engine.snapshot(sessionId).turns().get(0).picked()).isEqualTo(2);
        Turn next = harness.awaitStatus(engine.refine(sessionId, "bo", "more", ParamOverrides.NONE, null).id(), TurnStatus.DONE);
        assertThat(next.parent()).isEqualTo(third.context());
    }

    @Test
    void rerollKeepsInstructionAndParentWithANewSeed() {
        var started = startWithImage("reroll", ParamOverrides.NONE);
        long sessionId = started.session().id();
        Turn first = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        Turn reroll = harness.awaitStatus(engine.reroll(sessionId, first.id(), "bo", null).id(), TurnStatus.DONE);

        assertThat(reroll.kind()).isEqualTo(TurnKind.REROLL);
        assertThat(reroll.prompt()).isEqualTo(first.prompt());
        assertThat(reroll.parent()).isEqualTo(first.parent());
        assertThat(reroll.params().seed()).isNotEqualTo(first.params().seed());
        assertThat(reroll.rerolledFrom()).isEqualTo(first.id());
        assertThat(headOf(sessionId)).isEqualTo(engine.snapshot(sessionId).turns().get(1).variants().get(0).context());
    }

    @Test
    void undoMovesTheHeadBackOneChangeAndStopsAtTheSource() {
        var started = startWithImage("undo", ParamOverrides.builder().numImages(2).build());
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        ImageId afterTurn = headOf(sessionId);
        engine.pick(sessionId, new VariantRef(started.turn().id(), 1), "ana");

        engine.undo(sessionId, "ana");
        assertThat(headOf(sessionId)).isEqualTo(afterTurn);
        assertThat(engine.snapshot(sessionId).turns().get(0).picked()).isEqualTo(0);
        engine.undo(sessionId, "ana");
        assertThat(headOf(sessionId)).isEqualTo(started.session().source());
        assertThatThrownBy(() -> engine.undo(sessionId, "ana"))
                .isInstanceOf(EngineRejection.class).hasMessageContaining("nothing to undo");
    }

    @Test
    void redoMovesTheHeadForwardAgainAlongWhatWasUndoneUntilTheHeadChangesOtherwise() {
        var started = startWithImage("redo", ParamOverrides.builder().numImages(3).build());
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        ImageId afterTurn = headOf(sessionId);
        engine.pick(sessionId, new VariantRef(started.turn().id(), 1), "ana");
        ImageId picked = headOf(sessionId);
        assertThat(engine.history(sessionId)).isEqualTo(new ConversationEngine.History(true, false));
        assertThatThrownBy(() -> engine.redo(sessionId, "ana"))
                .isInstanceOf(EngineRejection.class).hasMessageContaining("nothing to redo");

        engine.undo(sessionId, "ana");
        engine.undo(sessionId, "ana");
        assertThat(headOf(sessionId)).isEqualTo(started.session().source());
        assertThat(engine.history(sessionId)).isEqualTo(new ConversationEngine.History(false, true));
        // Forward in the order it was undone: the turn's result first, then the pick.
        assertThat(engine.redo(sessionId, "ana").head()).isEqualTo(afterTurn);
        assertThat(engine.redo(sessionId, "ana").head()).isEqualTo(picked);
        assertThat(engine.history(sessionId)).isEqualTo(new ConversationEngine.History(true, false));

        // Undo, then a new pick: what was undone cannot come back over it.
        engine.undo(sessionId, "ana");
        engine.pick(sessionId, new VariantRef(started.turn().id(), 2), "ana");
        ImageId third = headOf(sessionId);
        assertThatThrownBy(() -> engine.redo(sessionId, "ana")).isInstanceOf(EngineRejection.class);
        engine.undo(sessionId, "ana");
        assertThat(engine.redo(sessionId, "ana").head()).isEqualTo(third);
        assertThat(engine.history(sessionId).canRedo()).isFalse();
    }

    @Test
    void branchStartsANewSessionFromAnEarlierVariant() {
        var started = startWithImage("trunk", ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(2).build());
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        var second = engine.snapshot(sessionId).turns().get(0).variants().get(1);
        harness.awaitEnd(engine.refine(sessionId, "ana", "later", ParamOverrides.NONE, null).id());

        Session branch = engine.branch(sessionId, second.ref(), EngineHarness.thread("branch"), "bo");

        assertThat(branch.id()).isNotEqualTo(sessionId);
        assertThat(branch.head()).isEqualTo(second.context());
        assertThat(branch.source()).isEqualTo(second.context());
        assertThat(branch.branchedFrom()).isEqualTo(second.ref());
        assertThat(branch.defaults().model()).isEqualTo(ModelId.KONTEXT_MAX);
        Turn inBranch = harness.awaitStatus(engine.refine(branch.id(), "bo", "branch edit", ParamOverrides.NONE, null).id(), TurnStatus.DONE);
        assertThat(inBranch.parent()).isEqualTo(second.context());
        assertThat(inBranch.params().model()).isEqualTo(ModelId.KONTEXT_MAX);
    }

    @Test
    void cancellingARunningTurnKeepsTheHeadAndDropsTheLateResult() {
        provider.holdJobs = true;
        var started = startWithImage("cancel", ParamOverrides.NONE);
        long sessionId = started.session().id();
        harness.awaitJob(started.turn().id());

        Turn cancelled = engine.cancel(sessionId, started.turn().id(), "ana");
        provider.releaseAll();

        assertThat(cancelled.status()).isEqualTo(TurnStatus.CANCELLED);
        Await.until(() -> !provider.cancelled.isEmpty(), "the provider to hear the cancel");
        provider.holdJobs = false;
        Turn next = harness.awaitStatus(engine.refine(sessionId, "ana", "after cancel", ParamOverrides.NONE, null).id(), TurnStatus.DONE);
        assertThat(next.parent()).isEqualTo(started.session().source());
        assertThat(engine.turn(started.turn().id()).orElseThrow().status()).isEqualTo(TurnStatus.CANCELLED);
        assertThat(engine.snapshot(sessionId).turns().get(0).variants()).isEmpty();
        assertThatThrownBy(() -> engine.cancel(sessionId, started.turn().id(), "ana")).isInstanceOf(EngineRejection.class);
    }

    @Test
    void cancellingAQueuedTurnMeansItNeverReachesTheProvider() {
        provider.holdJobs = true;
        var started = startWithImage("cancel-queued", ParamOverrides.NONE);
        Turn queued = engine.refine(started.session().id(), "ana", "never", ParamOverrides.NONE, null);

        engine.cancel(started.session().id(), queued.id(), "ana");
        harness.awaitJob(started.turn().id());
        provider.releaseAll();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(provider.submitted).extracting(r -> r.prompt()).containsExactly("make it red");
        assertThat(engine.turn(queued.id()).orElseThrow().status()).isEqualTo(TurnStatus.CANCELLED);
        assertThat(harness.events).contains("cancelled " + queued.id());
    }

    @Test
    void moderatedAndFailedTurnsLeaveTheHeadWhereItWas() {
        var started = startWithImage("fail", ParamOverrides.NONE);
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        ImageId head = headOf(sessionId);

        provider.scriptedPolls.add(new PollOutcome.Failed(FailureKind.MODERATED, new ProviderFailure.Worded("Your request was flagged.")));
        Turn moderated = harness.awaitEnd(engine.refine(sessionId, "ana", "bad", ParamOverrides.NONE, null).id());
        provider.scriptedSubmits.add(new SubmitOutcome.Rejected(FailureKind.NO_CREDITS, new ProviderFailure.Worded("Out of credits.")));
        Turn failed = harness.awaitEnd(engine.refine(sessionId, "ana", "poor", ParamOverrides.NONE, null).id());

        assertThat(moderated.status()).isEqualTo(TurnStatus.MODERATED);
        assertThat(moderated.errorMessage()).isEqualTo("Your request was flagged.");
        assertThat(failed.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("no_credits");
        assertThat(headOf(sessionId)).isEqualTo(head);
        Await.until(() -> harness.events.contains("failed " + failed.id()), "the failed event");
        assertThat(harness.events).contains("moderated " + moderated.id(), "failed " + failed.id());
    }

    @Test
    void providerBusyIsRetriedWithBackoffThenSucceeds() {
        provider.scriptedSubmits.add(FakeProvider.busy(null));
        provider.scriptedSubmits.add(FakeProvider.busy(java.time.Duration.ofMillis(30)));
        provider.scriptedPolls.add(new PollOutcome.RetryLater(null, "HTTP 502"));

        var started = startWithImage("retry", ParamOverrides.NONE);
        Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(provider.submits()).isEqualTo(1);
        assertThat(done.attempts()).isEqualTo(3);
    }

    @Test
    void anAcceptedJobIsPolledPastTheRetryCapUntilItsResultArrivesForItIsAlreadyPaid() {
        int failedLooks = EngineHarness.FAST.retry().maxRetries() + 3;
        for (int i = 0; i < failedLooks; i++) {
            provider.scriptedPolls.add(new PollOutcome.RetryLater(null, "HTTP 503"));
        }
        var started = startWithImage("keep looking", ParamOverrides.NONE);

        Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(provider.submits()).isEqualTo(1);
        assertThat(provider.polls.get()).isGreaterThan(failedLooks);
    }

    @Test
    void aProviderThatStaysDownEndsTheTurnWithAClearReason() {
        for (int i = 0; i < 10; i++) {
            provider.scriptedSubmits.add(FakeProvider.busy(null));
        }
        var started = startWithImage("down", ParamOverrides.NONE);

        Turn failed = harness.awaitEnd(started.turn().id());

        assertThat(failed.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("unavailable");
        assertThat(failed.errorMessage()).contains("not answering").contains("Nothing was charged");
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(headOf(started.session().id())).isEqualTo(started.session().source());
    }

    @Test
    void sessionDefaultsComeFromTheFirstCommandButNotItsSeed() {
        var started = startWithImage("defaults", ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(2).guidanceScale(5.0).enhancePrompt(true).seed(42L).build());
        long sessionId = started.session().id();
        harness.awaitEnd(started.turn().id());

        Turn next = engine.refine(sessionId, "ana", "next", ParamOverrides.builder().numImages(1).build(), null);

        assertThat(started.turn().params().seed()).isEqualTo(42L);
        assertThat(next.params().model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(next.params().guidanceScale()).isEqualTo(5.0);
        assertThat(next.params().enhancePrompt()).isTrue();
        assertThat(next.params().numImages()).isEqualTo(1);
        assertThat(next.params().seed()).isNotEqualTo(42L);
    }

    @Test
    void textOnlyStartGeneratesAndThenHasAHead() {
        var started = engine.start(new StartCommand(EngineHarness.thread("gen"), "ana", null, "a red fox", ParamOverrides.NONE, null));
        assertThat(started.session().head()).isNull();
        Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(done.kind()).isEqualTo(TurnKind.GENERATE);
        assertThat(provider.submitted.get(0).image()).isEmpty();
        assertThat(headOf(started.session().id())).isNotNull();
        assertThatThrownBy(() -> engine.undo(started.session().id(), "ana")).isInstanceOf(EngineRejection.class);
    }

    @Test
    void theSameRequestKeyStartsOneTurn() {
        var started = startWithImage("idem", ParamOverrides.NONE);
        long sessionId = started.session().id();

        Turn first = engine.refine(sessionId, "ana", "again", ParamOverrides.NONE, "discord:msg:1");
        Turn second = engine.refine(sessionId, "ana", "again", ParamOverrides.NONE, "discord:msg:1");

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(engine.snapshot(sessionId).turns()).hasSize(2);
    }

    @Test
    void safetyToleranceZeroAndWebpAreProductValuesThatReachAProviderWhichTakesThem() {
        var started = startWithImage("strict", ParamOverrides.builder()
                .outputFormat(dev.kontextbot.engine.model.OutputFormat.WEBP)
                .safetyTolerance(0)
                .build());

        Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(done.params().safetyTolerance()).isZero();
        assertThat(provider.submitted.get(0).params().outputFormat()).isEqualTo(dev.kontextbot.engine.model.OutputFormat.WEBP);
    }

    @Test
    void badInputIsRefusedWithAMessageAndChangesNothing() {
        var started = startWithImage("bad", ParamOverrides.NONE);
        long sessionId = started.session().id();

        assertThatThrownBy(() -> engine.refine(sessionId, "ana", "  ", ParamOverrides.NONE, null))
                .isInstanceOf(EngineRejection.class).hasMessageContaining("Write an instruction");
        assertThatThrownBy(() -> engine.refine(sessionId, "ana", "x".repeat(501), ParamOverrides.NONE, null))
                .isInstanceOf(EngineRejection.class).hasMessageContaining("501 characters");
        assertThatThrownBy(() -> engine.refine(sessionId, "ana", "ok", ParamOverrides.builder().numImages(9).build(), null))
                .hasMessageContaining("num_images must be between 1 and 4");
        assertThatThrownBy(() -> engine.refine(sessionId, "ana", "ok", ParamOverrides.builder().guidanceScale(19.5).build(), null))
                .isInstanceOf(EngineRejection.class).satisfies(RefusalsSaid.saysContaining("has no guidance_scale; leave it at 3.5"));
        assertThatThrownBy(() -> engine.replaceHead(sessionId, "%PDF-1.7 not an image".getBytes(), "ana"))
                .isInstanceOf(EngineRejection.class).hasMessageContaining("not an image");
        assertThatThrownBy(() -> engine.refine(9999, "ana", "ok", ParamOverrides.NONE, null))
                .isInstanceOf(EngineRejection.class).extracting(e -> ((EngineRejection) e).reason()).isEqualTo(EngineRejection.Reason.NOT_FOUND);
        assertThatThrownBy(() -> engine.pick(sessionId, new VariantRef(started.turn().id(), 7), "ana")).isInstanceOf(EngineRejection.class);

        assertThat(engine.snapshot(sessionId).turns()).hasSize(1);
    }

    @Test
    void aReplyWithANewImageMakesItTheHeadForTheNextInstruction() {
        var started = startWithImage("upload", ParamOverrides.NONE);
        long sessionId = started.session().id();
        harness.awaitEnd(started.turn().id());
        byte[] upload = FakeProvider.png(new dev.kontextbot.engine.port.EditRequest("uploaded", null, java.util.List.of()), 9);

        Session session = engine.replaceHead(sessionId, upload, "bo");
        Turn next = harness.awaitStatus(engine.refine(sessionId, "bo", "edit upload", ParamOverrides.NONE, null).id(), TurnStatus.DONE);

        assertThat(next.parent()).isEqualTo(session.head());
        assertThat(provider.submitted.get(1).image().orElseThrow().bytes()).isEqualTo(upload);
    }

    @Test
    void sessionsInDifferentThreadsRunAtTheSameTime() {
        provider.holdJobs = true;
        var a = startWithImage("a", ParamOverrides.NONE);
        var b = startWithImage("b", ParamOverrides.NONE);

        harness.awaitJob(a.turn().id());
        harness.awaitJob(b.turn().id());
        provider.releaseAll();

        harness.awaitStatus(a.turn().id(), TurnStatus.DONE);
        harness.awaitStatus(b.turn().id(), TurnStatus.DONE);
        assertThat(Arrays.asList(headOf(a.session().id()), headOf(b.session().id()))).doesNotHaveDuplicates();
    }

    @Test
    void votesCountOncePerPersonAndTheFirstVariantToReachTheRulePicksItself() {
        var started = startWithImage("votes", ParamOverrides.builder().numImages(3).build());
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        VariantRef second = new VariantRef(started.turn().id(), 1);
        ImageId afterTurn = headOf(sessionId);

        assertThat(engine.vote(sessionId, second, "ana", true)).isEqualTo(new VoteResult(1, false));
        assertThat(engine.vote(sessionId, second, "ana", true)).isEqualTo(new VoteResult(1, false));
        assertThat(headOf(sessionId)).isEqualTo(afterTurn);
        assertThat(engine.vote(sessionId, second, "bo", true)).isEqualTo(new VoteResult(2, true));

        var snapshot = engine.snapshot(sessionId).turns().get(0);
        assertThat(headOf(sessionId)).isEqualTo(snapshot.variants().get(1).context());
        assertThat(snapshot.variants().get(1).votes()).isEqualTo(2);
        assertThat(snapshot.picked()).isEqualTo(1);
        assertThat(engine.vote(sessionId, second, "bo", false)).isEqualTo(new VoteResult(1, false));
        assertThatThrownBy(() -> engine.vote(sessionId, new VariantRef(started.turn().id(), 5), "bo", true)).isInstanceOf(EngineRejection.class);
    }

    @Test
    void votesCastAtTheSameMomentAreAllCountedAndTheRulePicksOnce() throws Exception {
        var started = startWithImage("concurrent votes", ParamOverrides.builder().numImages(2).build());
        long sessionId = started.session().id();
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        VariantRef second = new VariantRef(started.turn().id(), 1);
        int voters = 8;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(voters);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(voters);
        java.util.List<java.util.concurrent.Future<VoteResult>> results = new java.util.ArrayList<>();
        for (int i = 0; i < voters; i++) {
            String voter = "voter" + i;
            results.add(pool.submit(() -> {
                together.await();
                return engine.vote(sessionId, second, voter, true);
            }));
        }
        java.util.List<VoteResult> counted = new java.util.ArrayList<>();
        for (var result : results) {
            counted.add(result.get(20, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(counted).extracting(VoteResult::votes).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(counted).filteredOn(VoteResult::picked).hasSize(1);
        assertThat(engine.snapshot(sessionId).turns().get(0).variants().get(1).votes()).isEqualTo(voters);
    }

    @Test
    void aProviderThatKeepsFailingOpensTheCircuitAndNewTurnsAreRefusedAtOnce() throws InterruptedException {
        harness.close();
        harness = new EngineHarness(dir, provider, EngineHarness.FAST.withCircuit(4, java.time.Duration.ofMinutes(3)));
        engine = harness.engine;
        for (int i = 0; i < 20; i++) {
            provider.scriptedSubmits.add(FakeProvider.busy(null));
        }
        var started = startWithImage("circuit", ParamOverrides.NONE);

        Turn failed = harness.awaitEnd(started.turn().id());

        assertThat(failed.errorCode()).isEqualTo("unavailable");
        assertThatThrownBy(() -> engine.refine(started.session().id(), "ana", "again", ParamOverrides.NONE, null))
                .isInstanceOf(EngineRejection.class).hasMessage("The image service is unavailable right now; try again in 3 min.");
        assertThat(engine.snapshot(started.session().id()).turns()).hasSize(1);
    }

    @Test
    void hourlyQuotasRefuseTheTurnBeforeAnythingIsStored() throws InterruptedException {
        harness.close();
        harness = new EngineHarness(dir, provider, EngineHarness.FAST.withQuotas(new Quotas(2, 0, 0, 0)));
        engine = harness.engine;
        var started = startWithImage("quota", ParamOverrides.NONE);
        long sessionId = started.session().id();
        harness.awaitEnd(started.turn().id());
        harness.awaitEnd(engine.refine(sessionId, "ana", "second", ParamOverrides.NONE, null).id());

        assertThatThrownBy(() -> engine.refine(sessionId, "ana", "third", ParamOverrides.NONE, null))
                .isInstanceOf(EngineRejection.class).satisfies(saysContaining("2 edits in the last hour"))
                .extracting(e -> ((EngineRejection) e).reason()).isEqualTo(EngineRejection.Reason.QUOTA);
        assertThatThrownBy(() -> engine.start(new StartCommand(EngineHarness.thread("quota-2"), "ana", null, "a fox", ParamOverrides.NONE, null)))
                .satisfies(saysContaining("2 edits in the last hour"));
        assertThat(engine.sessionIn(EngineHarness.thread("quota-2"))).isEmpty();
        assertThat(engine.refine(sessionId, "bo", "someone else", ParamOverrides.NONE, null).requestedBy()).isEqualTo("bo");
    }

    @Test
    void aTurnOverTheRunningLimitWaitsInLineInsteadOfBeingRefused() throws InterruptedException {
        harness.close();
        harness = new EngineHarness(dir, provider, EngineHarness.FAST.withQuotas(new Quotas(0, 0, 1, 0)));
        engine = harness.engine;
        provider.holdJobs = true;
        var first = startWithImage("line-1", ParamOverrides.NONE);
        harness.awaitJob(first.turn().id());

        var second = startWithImage("line-2", ParamOverrides.NONE);
        var others = engine.start(new StartCommand(EngineHarness.thread("line-3"), "bo", null, "a fox", ParamOverrides.NONE, null));
        harness.awaitJob(others.turn().id());

        assertThat(engine.turn(second.turn().id()).orElseThrow().status()).as("ana's second edit waits for her first")
                .isEqualTo(TurnStatus.QUEUED);
        provider.holdJobs = false;
        provider.releaseAll();
        assertThat(harness.awaitEnd(first.turn().id()).status()).isEqualTo(TurnStatus.DONE);
        assertThat(harness.awaitEnd(second.turn().id()).status()).as("it starts once a slot is free").isEqualTo(TurnStatus.DONE);
        assertThat(harness.awaitEnd(others.turn().id()).status()).isEqualTo(TurnStatus.DONE);
    }
}
