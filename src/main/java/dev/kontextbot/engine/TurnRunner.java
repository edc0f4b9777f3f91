package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.ImageBytes;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.ImageUrlRepository;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.StoreFailures;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.engine.port.TurnRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Moves turns through queued → running → an end. A queued turn starts only when this instance {@link TurnClaims
 * claims} it, which also keeps one turn per session running across all instances (a refine waits for the turn
 * before it, then edits whatever the head is by then). Work runs on the bounded worker pool; waiting is a task on
 * the single scheduler, never a sleeping thread. Every step is persisted before the next one, so another instance
 * or the next start can carry on from the database alone.
 */
final class TurnRunner {
    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);
    /** Turns taken over, and idle sessions woken, per sweep query. */
    private static final int SWEEP_BATCH = 200;
    /** How often expired image URLs are deleted: each variant adds one, and nothing reads them once expired. */
    private static final Duration FORGET_URLS_EVERY = Duration.ofHours(1);
    /** How long a presigned input URL lasts: longer than any job waits in a provider's queue before it fetches its inputs. */
    private static final Duration PRESIGNED_FOR = Duration.ofHours(1);

    private final TurnRepository turns;
    private final ImageStore images;
    private final ImageUrlRepository imageUrls;
    /** When expired image URLs were last deleted (by this instance; any instance may, the delete is idempotent). */
    private volatile Instant urlsForgotten = Instant.EPOCH;
    private final KontextProvider provider;
    private final TurnOutcomes outcomes;
    private final EngineEvents events;
    private final EngineSettings settings;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final CircuitBreaker breaker;
    private final TurnClaims claims;
    private final PollSchedule polls;
    private final UnrecognisedStatuses unrecognised;
    /** The engine's retry policy under the provider's own cap on attempts. */
    private final RetryPolicy retry;

    private volatile boolean stopping;
    /** Consecutive "not now" answers per running turn, for the backoff. */
    private final Map<Long, Integer> retries = new ConcurrentHashMap<>();
    private final ObservedJobs observed = new ObservedJobs();
    private final DatabaseHoldUps holdUps = new DatabaseHoldUps();

    TurnRunner(TurnRepository turns, ImageStore images, ImageUrlRepository imageUrls, KontextProvider provider, TurnOutcomes outcomes, EngineEvents events,
               EngineSettings settings, Clock clock, ExecutorService workers, ScheduledExecutorService scheduler,
               CircuitBreaker breaker, TurnClaims claims, PollSchedule polls) {
        this.turns = turns;
        this.images = images;
        this.imageUrls = imageUrls;
        this.provider = provider;
        this.outcomes = outcomes;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.scheduler = scheduler;
        this.breaker = breaker;
        this.claims = claims;
        this.polls = polls;
        this.unrecognised = new UnrecognisedStatuses(settings.unknownStatusPatience(), clock);
        this.retry = settings.retry().withMaxAttempts(provider.maxAttempts());
    }

    /** Starts the session's next queued turn if none of its turns is running, on this instance or another. */
    void wake(long sessionId) {
        execute(() -> startNext(sessionId));
    }

    /**
     * After a turn was stored (committed): starts the turn claimed with it, or — when the lane was busy — makes sure
     * the new turn does not wait for a wake-up that already happened: the turn ahead may have ended, and its instance
     * looked for a queued turn, between this one's lane check and its commit.
     */
    void enqueued(TurnClaims.Enqueued queued) {
        if (queued.claimed().isPresent()) {
            Turn claimed = queued.claimed().get();
            claims.hold(claimed);
            execute(() -> guarded(claimed, () -> start(claimed)));
        } else if (!turns.laneBusy(queued.turn().sessionId())) {
            wake(queued.turn().sessionId());
        }
    }

    /** Picks up what a previous process left: running turns are polled (or resubmitted when safe), queues restart. */
    void resume() {
        sweep(true);
    }

    /**
     * Renews the leases of the turns this instance runs (called every third of the lease) and ends turns running past
     * their deadline, then, on a worker, takes over turns of instances that stopped renewing theirs and restarts
     * queues nobody works on.
     */
    void keepLeases() {
        try {
            for (long lost : claims.renew()) {
                retries.remove(lost);
                log.info("turn {} is no longer held by this instance (it ended or was taken over elsewhere)", lost);
            }
        } catch (RuntimeException | Error e) {
            // Errors too: one escaping this periodic task would cancel it for good, and with it every lease and the sweep.
            periodicFailed("renewing the leases of " + claims.heldCount() + " running turns", e);
            return;
        }
        // Here, on the lease thread, not on a worker: it must run even when every worker is stuck.
        try {
            endOverdue();
        } catch (RuntimeException | Error e) {
            periodicFailed("looking for turns past their deadline", e);
        }
        try {
            forgetExpiredUrls();
        } catch (RuntimeException e) {
            periodicFailed("forgetting expired image URLs", e);
        }
        execute(() -> {
            try {
                sweep(false);
            } catch (RuntimeException e) {
                periodicFailed("looking for abandoned turns", e);
            }
        });
    }

    /**
     * A database out of reach is weather, and these run every third of the lease while it lasts: one line without a
     * stack then; anything else keeps its stack.
     */
    private void periodicFailed(String what, Throwable e) {
        if (StoreFailures.isUnreachable(e)) {
            log.warn("{} failed: the database is out of reach ({}); trying again in {} ms", what, StoreFailures.summary(e),
                    claims.renewEvery().toMillis());
        } else {
            log.warn("{} failed; trying again in {} ms", what, claims.renewEvery().toMillis(), e);
        }
    }

    private void sweep(boolean atStart) {
        List<TurnRepository.TakenOver> taken;
        do {
            taken = claims.takeOver(atStart, SWEEP_BATCH);
            for (TurnRepository.TakenOver over : taken) {
                Turn turn = over.turn();
                log.info("turn {} taken over by instance {} from {}", turn.id(), claims.instanceId(), over.heldBy());
                boolean another = claims.heldByAnother(over);
                execute(() -> guarded(turn, () -> resumeRunning(turn, another)));
            }
        } while (taken.size() == SWEEP_BATCH);
        claims.idleLanes(SWEEP_BATCH).forEach(this::wake);
    }

    /**
     * The backstop for every way a running turn can be forgotten — a worker that died or hangs in a call, a lost
     * scheduled poll, a step whose failure could not be stored: whatever its step and whichever instance holds it, a
     * turn still running a lease after its deadline is ended here (the lease of grace lets the turn's own poll end it
     * first, with its job cancelled in order). Queued turns hold no slot and may wait in line as long as they must.
     */
    private void endOverdue() {
        List<Turn> overdue;
        do {
            overdue = turns.overdue(clock.instant().minus(settings.turnDeadline()).minus(claims.leaseLength()), SWEEP_BATCH);
            for (Turn turn : overdue) {
                if (outcomes.overdue(turn, timedOut(""))) {
                    log.warn("turn {} was still running {} after it started ({}); ended by the deadline sweep", turn.id(),
                            Duration.between(turn.startedAt(), clock.instant()), turn.providerJob() == null ? "not submitted" : "job " + turn.providerJob());
                    freed(turn);
                }
            }
        } while (overdue.size() == SWEEP_BATCH);
    }

    /** Ends a queued or running turn at once, from any instance; a result that arrives later is dropped. */
    boolean cancel(Turn turn, String actor) {
        Optional<String> limit = turn.status() == TurnStatus.RUNNING ? provider.cancelLimit() : Optional.empty();
        if (!outcomes.cancel(turn, actor, limit)) {
            return false;
        }
        freed(turn);
        return true;
    }

    /** A turn ended from outside its steps (a cancel, the deadline sweep), on whichever instance ran it. */
    private void freed(Turn turn) {
        // Read after the end: from now on no instance can store a job for this turn, so this is the last one.
        String job = turns.find(turn.id()).map(Turn::providerJob).orElse(null);
        if (job != null) {
            execute(() -> provider.cancel(job));
        }
        claims.drop(turn.id());
        forget(turn.id());
        if (turn.status() == TurnStatus.RUNNING) {
            // The lane is free now, whichever instance ran the turn.
            wake(turn.sessionId());
            if (claims.limitsRunning()) {
                execute(() -> claims.idleLanes(SWEEP_BATCH).forEach(this::wake));
            }
        }
    }

    /** {@code fromAnother}: another bot process held the turn when it stopped, not this one's previous run. */
    private void resumeRunning(Turn turn, boolean fromAnother) {
        if (!provider.runs(turn.provider())) {
            end(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.ProviderGone(turn.provider()));
        } else if (turn.providerJob() != null) {
            holdUps.jobStored(turn.id());
            poll(turn.id());
        } else if (turn.submittingAt() == null || provider.resubmitIsHarmless()) {
            submit(turn);
        } else {
            end(turn, FailureKind.INTERRUPTED, new TurnFailure.Interrupted(fromAnother));
        }
    }

    private void startNext(long sessionId) {
        Optional<Turn> claimed = claims.claimNext(sessionId);
        claimed.ifPresent(turn -> guarded(turn, () -> start(turn)));
    }

    private void start(Turn running) {
        if (running.kind() == TurnKind.REFINE && running.parent() == null) {
            end(running, FailureKind.BAD_REQUEST, new TurnFailure.NothingToEdit());
            return;
        }
        submit(running);
    }

    /**
     * Reads what the provider needs, then marks the submission as about to be sent, then sends it. The mark comes only
     * once the inputs are loaded: a process killed during a slow read (an object store) sent nothing, and a turn left
     * unmarked is resubmitted by whichever instance takes it over, where a marked one must end as "not resent" (it may
     * have been charged).
     */
    private void submit(Turn turn) {
        if (pastDeadline(turn)) {
            end(turn, FailureKind.TIMEOUT, timedOut(""));
            return;
        }
        Optional<ProviderRefusal> refusal = provider.refusal(turn.params(), turn.inputImages());
        if (refusal.isPresent()) {
            end(turn, FailureKind.BAD_REQUEST, new TurnFailure.Refused(refusal.get()));
            return;
        }
        List<SourceImage> inputs;
        try {
            inputs = loadInputs(turn);
        } catch (MissingImage e) {
            // While stopping, the shutdown interrupted the read (the object store's client gives up on an interrupt), not
            // the image: the turn stays for the next start or the instance that takes over its lease.
            if (leftAsStored(turn, e)) {
                return;
            }
            log.error("image {} of turn {} is missing from the image store", e.image, turn.id(), e);
            end(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.InputUnreadable(e.number));
            return;
        }
        Optional<Duration> open = breaker.openFor();
        if (open.isPresent()) {
            end(turn, FailureKind.UNAVAILABLE, new TurnFailure.CircuitOpen(CircuitBreaker.minutes(open.get())));
            return;
        }
        if (!turns.markSubmitting(turn.id(), claims.instanceId(), clock.instant())) {
            lost(turn);
            return;
        }
        observed.sending(turn.id(), clock.instant());
        SubmitOutcome outcome;
        try {
            outcome = send(turn, new EditRequest(turn.prompt(), turn.params(), inputs));
        } catch (ImageBytes.UnreadableImage e) {
            // Nothing was sent for it, so nothing started; and it says nothing of the provider, whose circuit stays as it is.
            log.error("an input of turn {} is missing from the image store", turn.id(), e);
            end(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.InputUnreadable(e.number()));
            return;
        }
        if (outcome instanceof SubmitOutcome.RetryLater) {
            breaker.failure();
        } else {
            breaker.success();
        }
        if (outcome instanceof SubmitOutcome.Submitted submitted) {
            accepted(turn, submitted);
        } else if (outcome instanceof SubmitOutcome.Finished finished) {
            finish(turn, () -> outcomes.complete(turn, finished.images(), finished.shortfall()));
        } else if (outcome instanceof SubmitOutcome.RetryLater later) {
            if (!turns.clearSubmitting(turn.id(), claims.instanceId())) {
                lost(turn);
                return;
            }
            retryLater(turn, later.after(), later.reason(), () -> submit(turn));
        } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
            end(turn, rejected.kind(), rejected.failure());
        } else {
            unexpected(turn, "submit", outcome);
        }
    }

    private void accepted(Turn turn, SubmitOutcome.Submitted submitted) {
        if (!turns.storeJob(turn.id(), claims.instanceId(), submitted.job())) {
            // Cancelled or taken over meanwhile: nobody will follow this job, so it must not run on.
            provider.cancel(submitted.job());
            lost(turn);
            return;
        }
        holdUps.jobStored(turn.id());
        events.onProgress(turn, new JobProgress.Submitted(), elapsed(turn));
        if (submitted.unsent().isEmpty()) {
            retries.remove(turn.id());
            schedule(turn, polls.next(turn.params(), Duration.ZERO), () -> poll(turn.id()));
            return;
        }
        // The rest is retried as a refused submission is, counted in the same retries (so within the retry policy); when
        // they run out, the turn goes on with what was started, and its shortfall says what was refused.
        SubmitOutcome.RetryLater later = submitted.unsent().get();
        retryLater(turn, later.after(), later.reason(), () -> submitRest(turn.id()),
                () -> schedule(turn, polls.next(turn.params(), Duration.ZERO), () -> poll(turn.id())));
    }

    /** Sends what a started job still lacks; the job so far goes with it, so nothing already started is sent again. */
    private void submitRest(long turnId) {
        Optional<Turn> running = stillRunning(turnId);
        if (running.isEmpty()) {
            return;
        }
        Turn turn = running.get();
        List<SourceImage> inputs;
        try {
            inputs = loadInputs(turn);
        } catch (MissingImage e) {
            log.error("image {} of turn {} is missing from the image store; polling what was started", e.image, turn.id(), e);
            poll(turnId);
            return;
        }
        SubmitOutcome outcome;
        try {
            outcome = send(turn, new EditRequest(turn.prompt(), turn.params(), inputs, Optional.of(turn.providerJob())));
        } catch (ImageBytes.UnreadableImage e) {
            log.error("an input of turn {} is missing from the image store; polling what was started", turn.id(), e);
            poll(turnId);
            return;
        }
        if (outcome instanceof SubmitOutcome.Submitted submitted) {
            accepted(turn, submitted);
        } else {
            // What was started cannot be unstarted: whatever the provider says of the rest, the started part is polled.
            log.warn("turn {}: sending the rest of its job answered {}; polling what was started", turnId, outcome);
            poll(turnId);
        }
    }

    /** The turn as stored while this instance runs it; empty (and let go) when it ended or is no longer this instance's. */
    private Optional<Turn> stillRunning(long turnId) {
        if (!claims.holds(turnId)) {
            return Optional.empty();
        }
        Turn turn = turns.find(turnId).orElseThrow();
        if (turn.status() != TurnStatus.RUNNING) {
            // Cancelled from another instance, which also started the session's next turn.
            lost(turn);
            return Optional.empty();
        }
        if (turn.providerJob() != null) {
            holdUps.jobStored(turnId);
        }
        return Optional.of(turn);
    }

    private void poll(long turnId) {
        Optional<Turn> running = stillRunning(turnId);
        if (running.isEmpty()) {
            return;
        }
        Turn turn = running.get();
        Instant looked = clock.instant();
        PollOutcome outcome = provider.poll(turn.providerJob());
        if (outcome instanceof PollOutcome.RetryLater) {
            breaker.failure();
        } else {
            breaker.success();
        }
        if (!(outcome instanceof PollOutcome.Unrecognised)) {
            unrecognised.forget(turnId);
        }
        if (outcome instanceof PollOutcome.Pending pending) {
            retries.remove(turnId);
            observed.stillWorking(turnId);
            pollAgain(turn, pending.progress(), looked);
        } else if (outcome instanceof PollOutcome.Progress progress) {
            if (!progress.resend()) {
                retries.remove(turnId);
            }
            observed.stillWorking(turnId);
            if (!outcomes.arrived(turn, progress.images(), progress.job())) {
                lost(turn);
                return;
            }
            if (progress.resend()) {
                // Counted in the turn's retries, so a provider that keeps asking cannot loop; when they run out, what runs is polled.
                // Worded: only ever logged, since a resend whose retries run out goes on polling what runs instead of ending the turn.
                retryLater(turn, Duration.ZERO, new ProviderFailure.Worded("sending again what the service could not fetch"), () -> submitRest(turnId),
                        () -> pollAgain(turn, JobProgress.Generating.started(), clock.instant()));
                return;
            }
            pollAgain(turn, JobProgress.Generating.started(), looked);
        } else if (outcome instanceof PollOutcome.Unrecognised unknown) {
            if (unrecognised.exhausted(turnId, provider.name(), unknown.status())) {
                provider.cancel(turn.providerJob());
                end(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.UnknownStatus(provider.name(), UnrecognisedStatuses.shown(unknown.status())));
            } else {
                pollAgain(turn, JobProgress.Generating.started(), looked);
            }
        } else if (outcome instanceof PollOutcome.Completed completed) {
            observed.finished(turnId, looked).ifPresent(took -> polls.finished(turn.params(), took));
            finish(turn, () -> outcomes.complete(turn, completed.images(), completed.shortfall(), completed.reportedCostMicros()));
        } else if (outcome instanceof PollOutcome.RetryLater later) {
            retryLater(turn, later.after(), later.reason(), () -> poll(turnId));
        } else if (outcome instanceof PollOutcome.Failed failed) {
            end(turn, failed.kind(), failed.failure());
        } else {
            unexpected(turn, "poll", outcome);
        }
    }

    /**
     * The job is still working: looks again on the poll schedule, or stops it at the turn's deadline. {@code looked}: when
     * the look that found it working was sent, which the next one is planned from (see {@link PollSchedule#afterLook}).
     */
    private void pollAgain(Turn turn, JobProgress progress, Instant looked) {
        if (pastDeadline(turn)) {
            stopAtDeadline(turn);
        } else {
            events.onProgress(turn, progress, elapsed(turn));
            Duration answering = Duration.between(looked, clock.instant());
            schedule(turn, polls.afterLook(turn.params(), sinceSubmission(turn, looked), answering), () -> poll(turn.id()));
        }
    }

    /** An outcome no branch knows (a new type, or null from a provider): the turn ends instead of waiting forever. */
    private void unexpected(Turn turn, String step, Object outcome) {
        log.error("turn {}: the provider's {} answered {}, which the engine does not handle; ending the turn", turn.id(), step,
                outcome == null ? "null" : outcome.getClass().getName());
        end(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.Internal());
    }

    private void retryLater(Turn turn, Duration hint, ProviderFailure reason, Runnable again) {
        retryLater(turn, hint, reason, again, null);
    }

    /** {@code instead}: what to do when the retries or the time run out; null ends the turn. */
    private void retryLater(Turn turn, Duration hint, ProviderFailure reason, Runnable again, Runnable instead) {
        int attempt = retries.merge(turn.id(), 1, Integer::sum);
        // A job the service accepted is paid for: looking at it again costs nothing, so its polls go on (at the longest
        // delay) until the turn's deadline. The cap on attempts is for calls that start work.
        boolean accepted = turn.providerJob() != null && instead == null;
        Duration delay = retry.allows(attempt) || accepted ? retry.delayBefore(attempt, hint) : null;
        if (instead != null && (delay == null || clock.instant().plus(delay).isAfter(deadlineOf(turn)))) {
            log.warn("turn {}: no more retries ({}); going on without", turn.id(), reason);
            retries.remove(turn.id());
            instead.run();
            return;
        }
        if (delay == null) {
            log.warn("turn {}: giving up after {} retries: {}", turn.id(), attempt - 1, reason);
            end(turn, FailureKind.UNAVAILABLE, new TurnFailure.NotAnswering(reason));
            return;
        }
        if (clock.instant().plus(delay).isAfter(deadlineOf(turn))) {
            if (accepted) {
                stopAtDeadline(turn);
            } else {
                end(turn, FailureKind.TIMEOUT, timedOut(""));
            }
            return;
        }
        log.info("turn {}: provider said not now ({}); retry {} in {} ms", turn.id(), reason, attempt, delay.toMillis());
        schedule(turn, delay, again);
    }

    private void schedule(Turn turn, Duration delay, Runnable task) {
        if (scheduler.isShutdown()) {
            log.debug("shutting down: turn {} stays as stored and resumes on the next start", turn.id());
            return;
        }
        try {
            scheduler.schedule(() -> execute(() -> guarded(turn, task)), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("shutting down: turn {} stays as stored and resumes on the next start", turn.id());
        }
    }

    /**
     * Work handed over while the engine shuts down is dropped on purpose: every turn's state is already in the
     * database, and the next start (or another instance) resumes it. Ending such turns as failed would lose them.
     */
    private void execute(Runnable task) {
        try {
            workers.execute(() -> contained(task));
        } catch (RejectedExecutionException e) {
            log.debug("shutting down: work left for the next start");
        }
    }

    /**
     * Nothing may end a worker: one that died of a database error ("Exception in thread kontext-worker-N") took its task
     * with it. What such work leaves undone (a wake-up, a look for idle lanes) the next lease sweep does again.
     */
    private static void contained(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            if (StoreFailures.isUnreachable(e)) {
                log.warn("engine work stopped: the database is not answering ({}); the next sweep does it again", StoreFailures.summary(e));
            } else {
                log.error("engine work failed; the next sweep does it again", e);
            }
        }
    }

    /** {@code ending} stores how the turn ended; false means it had already ended, or is no longer this instance's. */
    private void finish(Turn turn, BooleanSupplier ending) {
        if (ending.getAsBoolean()) {
            release(turn);
        } else {
            lost(turn);
        }
    }

    private void end(Turn turn, FailureKind kind, TurnFailure why) {
        finish(turn, () -> outcomes.fail(turn, kind, why));
    }

    /** Ended by the provider: the listeners get its typed reason, the turn keeps it. */
    private void end(Turn turn, FailureKind kind, ProviderFailure failure) {
        end(turn, kind, new TurnFailure.Failed(failure));
    }

    /**
     * The turn ended here: its lane is free, so the session's next turn starts — if there is one (a plain read first:
     * claiming locks the session, which costs a commit even when there is nothing to claim).
     */
    private void release(Turn turn) {
        forget(turn.id());
        if (claims.drop(turn.id()) && turns.hasQueued(turn.sessionId())) {
            wake(turn.sessionId());
        }
        if (claims.limitsRunning()) {
            // A slot is free: turns of other sessions waiting in line for it may start.
            execute(() -> claims.idleLanes(SWEEP_BATCH).forEach(this::wake));
        }
    }

    /** The turn ended elsewhere or another instance took it over: this one stops working on it. */
    private void lost(Turn turn) {
        forget(turn.id());
        if (claims.drop(turn.id())) {
            log.info("turn {} is no longer this instance's; leaving it", turn.id());
        }
    }

    /** What this instance kept in memory while working on the turn. */
    private void forget(long turnId) {
        retries.remove(turnId);
        unrecognised.forget(turnId);
        observed.forget(turnId);
        holdUps.forget(turnId);
    }

    /** From now on, failures are the shutdown's doing, not the turn's: turns stay as stored for the next start. */
    void stopping() {
        stopping = true;
    }

    /** True, having said so in the log, while the engine stops: a failure now is the shutdown's doing, not the turn's. */
    private boolean leftAsStored(Turn turn, Throwable failure) {
        boolean left = stopping;
        if (left) {
            log.info("turn {} left as stored while shutting down ({})", turn.id(), failure.getClass().getSimpleName());
        }
        return left;
    }

    /**
     * Nothing thrown by a provider, a decoder or the store may strand a turn in "running": not an exception, and not
     * an Error either (an OutOfMemoryError while decoding a hostile image used to kill the worker and leave the turn
     * holding its slot forever). The turn ends failed, which frees its slot and lease; the stack is logged once, here.
     */
    private void guarded(Turn turn, Runnable step) {
        try {
            step.run();
            int failures = holdUps.answered(turn.id());
            if (failures > 0) {
                log.info("turn {}: the database answers again after {} failed looks; its job is followed as before", turn.id(), failures);
            }
        } catch (Throwable e) {
            if (!(e instanceof Error) && leftAsStored(turn, e)) {
                return;
            }
            if (holdUps.waitsOut(turn.id(), e)) {
                waitForDatabase(turn, e);
                return;
            }
            log.error("turn {} failed unexpectedly", turn.id(), e);
            try {
                end(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.Internal());
            } catch (Throwable again) {
                // The store is failing too: the deadline sweep ends the turn once the database answers again.
                log.error("turn {} could not be ended after its failure ({}); the deadline sweep will end it", turn.id(), again.toString());
            }
        }
    }

    /**
     * The turn's job is stored and paid: a database failure while following it is waited out, never made the turn's
     * failure. Its duration no longer says how long the service took, so the poll schedule does not learn from it.
     */
    private void waitForDatabase(Turn turn, Throwable failure) {
        observed.forget(turn.id());
        DatabaseHoldUps.Held held = holdUps.failed(turn.id());
        if (clock.instant().plus(held.delay()).isAfter(deadlineOf(turn))) {
            log.warn("turn {}: the database is still failing ({}) at the turn's deadline; the deadline sweep ends it once it answers",
                    turn.id(), StoreFailures.summary(failure));
            return;
        }
        if (held.attempt() == 1) {
            log.warn("turn {}: the database failed while following its job ({}); looking again until it answers", turn.id(), StoreFailures.summary(failure));
        } else {
            log.debug("turn {}: the database failed again ({} in a row); next look in {} ms", turn.id(), held.attempt(), held.delay().toMillis());
        }
        schedule(turn, held.delay(), () -> poll(turn.id()));
    }


    /** The turn's images in order: its parent (image 1, none when it generates from text), then its references. */
    private List<SourceImage> loadInputs(Turn turn) throws MissingImage {
        List<SourceImage> inputs = new ArrayList<>();
        if (turn.parent() != null) {
            inputs.add(load(turn.parent(), 1));
        }
        for (int i = 0; i < turn.references().size(); i++) {
            inputs.add(load(turn.references().get(i), i + 2));
        }
        return inputs;
    }

    /**
     * What is known of an input: its row, its bytes, and the URLs it is known under — the providers' results and the
     * person's attachment or link first, the object store's presigned URL last.
     */
    private SourceImage load(ImageId image, int number) throws MissingImage {
        StoredImage stored;
        try {
            stored = images.find(image).orElseThrow(() -> new IOException("no row for image " + image));
        } catch (IOException e) {
            throw new MissingImage(image, number, e);
        }
        Instant now = clock.instant();
        List<ImageUrl> urls = new ArrayList<>(imageUrls.of(image, now));
        images.presignedUrl(image, PRESIGNED_FOR).ifPresent(url -> urls.add(new ImageUrl(url, Optional.empty(), Optional.of(now.plus(PRESIGNED_FOR)))));
        StoredBytes bytes = new StoredBytes(images, image, number);
        // The bytes are read now, before the submission is marked as being sent (see submit), even when a URL will go
        // instead: a provider may still need them after the mark — to resend once with bytes when the service could
        // not fetch the URL, or for its upload API — and a read there that failed or hung would come after work that
        // cannot be undone (another task of the same turn already running, and paid), or leave the turn marked "maybe
        // sent" when nothing was. One store read per input and turn is what that certainty costs; the bytes a turn sends
        // to the provider are not changed by it.
        try {
            bytes.read();
        } catch (ImageBytes.UnreadableImage e) {
            throw new MissingImage(image, number, e);
        }
        return new SourceImage(bytes, stored.mime(), stored.width(), stored.height(), urls, new RecordedUrls(imageUrls, image, clock));
    }

    /**
     * Sends the request and records what it sent for the inputs. An input the store cannot give back when the provider
     * reads it throws {@link ImageBytes.UnreadableImage}: nothing was sent for it, so nothing started.
     */
    private SubmitOutcome send(Turn turn, EditRequest request) {
        try {
            return provider.submit(request);
        } finally {
            recordSent(turn, request.sent().total());
        }
    }

    private void forgetExpiredUrls() {
        Instant now = clock.instant();
        if (now.isBefore(urlsForgotten.plus(FORGET_URLS_EVERY))) {
            return;
        }
        urlsForgotten = now;
        int forgotten = imageUrls.forgetExpired(now);
        if (forgotten > 0) {
            log.debug("forgot {} expired image URLs", forgotten);
        }
    }

    /** A count that cannot be stored is lost, not the turn: its job may be running and must still be stored and followed. */
    private void recordSent(Turn turn, long bytes) {
        if (bytes == 0) {
            return;
        }
        try {
            turns.addInputBytesSent(turn.id(), bytes);
        } catch (RuntimeException e) {
            log.warn("turn {}: the {} input bytes it sent could not be recorded ({})", turn.id(), bytes, StoreFailures.summary(e));
        }
    }

    /** Input {@code number} of a turn (1: the image to edit), which the image store cannot give back. */
    private static final class MissingImage extends Exception {
        private final ImageId image;
        private final int number;

        MissingImage(ImageId image, int number, Exception cause) {
            super("image " + number + " of the turn could not be read back from the image store", cause);
            this.image = image;
            this.number = number;
        }
    }

    private boolean pastDeadline(Turn turn) {
        return clock.instant().isAfter(deadlineOf(turn));
    }

    private Instant deadlineOf(Turn turn) {
        Instant started = turn.startedAt() != null ? turn.startedAt() : clock.instant();
        return started.plus(settings.turnDeadline());
    }

    private Duration elapsed(Turn turn) {
        return turn.startedAt() == null ? Duration.ZERO : Duration.between(turn.startedAt(), clock.instant());
    }

    /** Time since the job was sent: what the poll schedule learns from and plans by. */
    private static Duration sinceSubmission(Turn turn, Instant now) {
        Instant sent = turn.submittingAt() != null ? turn.submittingAt() : turn.startedAt();
        return sent == null ? Duration.ZERO : Duration.between(sent, now);
    }

    /** An accepted job still unfinished at the turn's deadline: asked to stop, and the person told what that costs. */
    private void stopAtDeadline(Turn turn) {
        provider.cancel(turn.providerJob());
        end(turn, FailureKind.TIMEOUT, timedOut(provider.cancelLimit().orElse("")));
    }

    /** {@code note}: what the provider could not undo when its job was stopped, or "". */
    private TurnFailure.TimedOut timedOut(String note) {
        return new TurnFailure.TimedOut(settings.turnDeadline().toMinutes(), note);
    }
}
