package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.engine.port.TurnRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves turns through queued → running → an end, one turn per session at a time (a refine waits for the turn
 * before it, then edits whatever the head is by then). Work runs on the bounded worker pool; waiting is a task
 * on the single scheduler, never a sleeping thread. Every step is persisted before the next one, so a restart
 * can {@link #resume()} from the database alone.
 */
final class TurnRunner {
    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);

    private final TurnRepository turns;
    private final SessionRepository sessions;
    private final ImageStore images;
    private final KontextProvider provider;
    private final TurnOutcomes outcomes;
    private final EngineEvents events;
    private final EngineSettings settings;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final CircuitBreaker breaker;

    /** Session → the turn that holds its lane ({@link #CLAIMING} while the next one is being looked up). */
    private final Map<Long, Long> lanes = new ConcurrentHashMap<>();
    private static final long CLAIMING = -1;
    private volatile boolean stopping;
    /** Consecutive "not now" answers per running turn, for the backoff. */
    private final Map<Long, Integer> retries = new ConcurrentHashMap<>();

    TurnRunner(TurnRepository turns, SessionRepository sessions, ImageStore images, KontextProvider provider,
               TurnOutcomes outcomes, EngineEvents events, EngineSettings settings, Clock clock,
               ExecutorService workers, ScheduledExecutorService scheduler, CircuitBreaker breaker) {
        this.turns = turns;
        this.sessions = sessions;
        this.images = images;
        this.provider = provider;
        this.outcomes = outcomes;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.scheduler = scheduler;
        this.breaker = breaker;
    }

    /** Starts the session's next queued turn if none of its turns is running. */
    void wake(long sessionId) {
        execute(() -> startNext(sessionId));
    }

    /** Picks up what a previous process left: running turns are polled (or resubmitted when safe), queues restart. */
    void resume() {
        for (Turn turn : turns.unfinished()) {
            if (turn.status() == TurnStatus.RUNNING && lanes.putIfAbsent(turn.sessionId(), turn.id()) == null) {
                execute(() -> resumeRunning(turn));
            }
        }
        turns.unfinished().stream().map(Turn::sessionId).distinct().forEach(this::wake);
    }

    /** Ends a queued or running turn at once; a result that arrives later is dropped. */
    boolean cancel(Turn turn, String actor) {
        if (!outcomes.cancel(turn, actor)) {
            return false;
        }
        if (turn.providerJob() != null) {
            execute(() -> provider.cancel(turn.providerJob()));
        }
        release(turn);
        return true;
    }

    private void resumeRunning(Turn turn) {
        guarded(turn, () -> {
            if (!turn.provider().equals(provider.name())) {
                end(turn, FailureKind.PROVIDER_ERROR, "This edit was started on " + turn.provider()
                        + ", which is no longer connected. Use Reroll to run it again.");
            } else if (turn.providerJob() != null) {
                poll(turn.id());
            } else if (turn.submittingAt() == null || provider.resubmitIsHarmless()) {
                submit(turn);
            } else {
                end(turn, FailureKind.INTERRUPTED, "The bot restarted while sending this edit, so it was not resent"
                        + " (that could have charged twice). Use Reroll to run it again.");
            }
        });
    }

    private void startNext(long sessionId) {
        if (lanes.putIfAbsent(sessionId, CLAIMING) != null) {
            return;
        }
        Optional<Turn> next = Optional.empty();
        try {
            next = turns.nextQueued(sessionId);
        } finally {
            if (next.isEmpty()) {
                lanes.remove(sessionId, CLAIMING);
            } else {
                lanes.put(sessionId, next.get().id());
            }
        }
        if (next.isEmpty()) {
            // A turn queued while this lane was being released must not wait for a wake that already happened.
            if (turns.nextQueued(sessionId).isPresent()) {
                wake(sessionId);
            }
            return;
        }
        Turn turn = next.get();
        guarded(turn, () -> start(turn));
    }

    private void start(Turn turn) {
        ImageId parent = turn.kind() == TurnKind.REFINE
                ? sessions.find(turn.sessionId()).map(Session::head).orElse(null)
                : turn.parent();
        if (!turns.markRunning(turn.id(), parent, clock.instant())) {
            release(turn);
            return;
        }
        Turn running = turns.find(turn.id()).orElseThrow();
        if (running.kind() == TurnKind.REFINE && parent == null) {
            end(running, FailureKind.BAD_REQUEST, "There is no image to edit yet: the first turn of this session did not produce one.");
            return;
        }
        submit(running);
    }

    private void submit(Turn turn) {
        if (pastDeadline(turn)) {
            end(turn, FailureKind.TIMEOUT, timeoutMessage());
            return;
        }
        Optional<String> refusal = provider.refusal(turn.params(), turn.parent() != null);
        if (refusal.isPresent()) {
            end(turn, FailureKind.BAD_REQUEST, refusal.get());
            return;
        }
        Optional<SourceImage> source;
        try {
            source = loadSource(turn.parent());
        } catch (IOException e) {
            log.error("image {} of turn {} is missing from the image store", turn.parent(), turn.id(), e);
            end(turn, FailureKind.PROVIDER_ERROR, "The image to edit could not be read back from storage.");
            return;
        }
        Optional<Duration> open = breaker.openFor();
        if (open.isPresent()) {
            end(turn, FailureKind.UNAVAILABLE, CircuitBreaker.unavailableMessage(open.get()));
            return;
        }
        turns.markSubmitting(turn.id(), clock.instant());
        SubmitOutcome outcome = provider.submit(new EditRequest(turn.prompt(), turn.params(), source));
        if (outcome instanceof SubmitOutcome.RetryLater) {
            breaker.failure();
        } else {
            breaker.success();
        }
        if (outcome instanceof SubmitOutcome.Submitted submitted) {
            turns.storeJob(turn.id(), submitted.job());
            retries.remove(turn.id());
            events.onProgress(turn, "submitted", elapsed(turn));
            schedule(turn, settings.pollInterval(), () -> poll(turn.id()));
        } else if (outcome instanceof SubmitOutcome.Finished finished) {
            finish(turn, () -> outcomes.complete(turn, finished.images(), provider));
        } else if (outcome instanceof SubmitOutcome.RetryLater later) {
            turns.clearSubmitting(turn.id());
            retryLater(turn, later.after(), later.reason(), () -> submit(turn));
        } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
            end(turn, rejected.kind(), rejected.message());
        }
    }

    private void poll(long turnId) {
        Turn turn = turns.find(turnId).orElseThrow();
        if (turn.status() == TurnStatus.CANCELLED && turn.providerJob() != null) {
            // Cancelled while a poll was scheduled; the job may have been stored after the cancel ran.
            provider.cancel(turn.providerJob());
        }
        if (turn.status() != TurnStatus.RUNNING) {
            return;
        }
        PollOutcome outcome = provider.poll(turn.providerJob());
        if (outcome instanceof PollOutcome.RetryLater) {
            breaker.failure();
        } else {
            breaker.success();
        }
        if (outcome instanceof PollOutcome.Pending pending) {
            retries.remove(turnId);
            if (pastDeadline(turn)) {
                provider.cancel(turn.providerJob());
                end(turn, FailureKind.TIMEOUT, timeoutMessage());
            } else {
                events.onProgress(turn, pending.stage(), elapsed(turn));
                schedule(turn, settings.pollInterval(), () -> poll(turnId));
            }
        } else if (outcome instanceof PollOutcome.Completed completed) {
            finish(turn, () -> outcomes.complete(turn, completed.images(), provider));
        } else if (outcome instanceof PollOutcome.RetryLater later) {
            retryLater(turn, later.after(), later.reason(), () -> poll(turnId));
        } else if (outcome instanceof PollOutcome.Failed failed) {
            end(turn, failed.kind(), failed.message());
        }
    }

    private void retryLater(Turn turn, Duration hint, String reason, Runnable again) {
        int retry = retries.merge(turn.id(), 1, Integer::sum);
        if (!settings.retry().allows(retry)) {
            log.warn("turn {}: giving up after {} retries: {}", turn.id(), retry - 1, reason);
            end(turn, FailureKind.UNAVAILABLE, "The image service is not answering right now (" + reason
                    + "). Nothing was charged for this turn; please try again in a few minutes.");
            return;
        }
        Duration delay = settings.retry().delayBefore(retry, hint);
        if (clock.instant().plus(delay).isAfter(deadlineOf(turn))) {
            end(turn, FailureKind.TIMEOUT, timeoutMessage());
            return;
        }
        log.info("turn {}: provider said not now ({}); retry {} in {} ms", turn.id(), reason, retry, delay.toMillis());
        schedule(turn, delay, again);
    }

    private void schedule(Turn turn, Duration delay, Runnable task) {
        if (scheduler.isShutdown()) {
            log.debug("shutting down: turn {} stays as stored and resumes on the next start", turn.id());
            return;
        }
        try {
            scheduler.schedule(() -> execute(() -> guarded(turn, task)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("shutting down: turn {} stays as stored and resumes on the next start", turn.id());
        }
    }

    /**
     * Work handed over while the engine shuts down is dropped on purpose: every turn's state is already in the
     * database, and the next start resumes it. Ending such turns as failed would lose them.
     */
    private void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("shutting down: work left for the next start");
        }
    }

    private void finish(Turn turn, java.util.function.BooleanSupplier ending) {
        if (ending.getAsBoolean()) {
            release(turn);
        }
    }

    private void end(Turn turn, FailureKind kind, String message) {
        finish(turn, () -> outcomes.fail(turn, kind, message));
    }

    /** Frees the session's lane if this turn holds it (a queued turn that ends holds none), then starts the next. */
    private void release(Turn turn) {
        retries.remove(turn.id());
        if (lanes.remove(turn.sessionId(), turn.id())) {
            wake(turn.sessionId());
        }
    }

    /** From now on, failures are the shutdown's doing, not the turn's: turns stay as stored for the next start. */
    void stopping() {
        stopping = true;
    }

    /** Nothing thrown by a provider or the store may strand a turn in "running": it ends with a reason instead. */
    private void guarded(Turn turn, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (stopping) {
                log.info("turn {} left as stored while shutting down ({})", turn.id(), e.getClass().getSimpleName());
                return;
            }
            log.error("turn {} failed unexpectedly", turn.id(), e);
            end(turn, FailureKind.PROVIDER_ERROR, "Something went wrong on our side while running this edit. Try again.");
        }
    }

    private Optional<SourceImage> loadSource(ImageId parent) throws IOException {
        if (parent == null) {
            return Optional.empty();
        }
        StoredImage stored = images.find(parent).orElseThrow(() -> new IOException("no row for image " + parent));
        return Optional.of(new SourceImage(images.read(parent), stored.mime(), stored.width(), stored.height()));
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

    private String timeoutMessage() {
        return "The image service took longer than " + settings.turnDeadline().toMinutes()
                + " min, so this turn was stopped. Try again, perhaps with fewer variants.";
    }
}
