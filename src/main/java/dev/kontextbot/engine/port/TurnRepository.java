package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns and their variants. Status changes are compare-and-set: each returns false when the turn was no
 * longer in the expected state, which is how a late poll result never overwrites a cancel, and a turn is
 * never finished twice.
 *
 * <p>A running turn is held by one bot instance under a {@link Lease}. The steps of a running turn are fenced
 * by the instance: they change nothing (and return false) once another instance has taken the turn over, so
 * an instance that was presumed dead cannot submit, store or finish a turn that is no longer its own.
 */
public interface TurnRepository {

    /** {@code references}: the turn's images 2..N, in order (see {@link Turn#references()}). */
    record NewTurn(long sessionId, TurnKind kind, String prompt, TurnParams params, ImageId parent,
                   Long rerolledFrom, String requestedBy, String requestKey, String provider, List<ImageId> references) {
        public NewTurn {
            references = references == null ? List.of() : List.copyOf(references);
        }

        public NewTurn(long sessionId, TurnKind kind, String prompt, TurnParams params, ImageId parent,
                       Long rerolledFrom, String requestedBy, String requestKey, String provider) {
            this(sessionId, kind, prompt, params, parent, rerolledFrom, requestedBy, requestKey, provider, List.of());
        }
    }

    /**
     * {@code instance} holds a running turn until {@code until}; after that — or at once when {@code until} is null,
     * a lease given up — any instance may take it over.
     */
    record Lease(String instance, Instant until) {
        public Lease {
            if (instance == null || instance.isBlank()) {
                throw new IllegalArgumentException("a lease needs an instance id");
            }
        }
    }

    Turn insert(NewTurn turn, Instant now);

    Optional<Turn> find(long id);

    Optional<Turn> findByRequestKey(String requestKey);

    List<Turn> ofSession(long sessionId);

    /** Queued and running turns of every session, oldest first. */
    List<Turn> unfinished();

    /** The id of the session's oldest queued turn (only the id: the turn is usually in hand already). */
    OptionalLong oldestQueued(long sessionId);

    /** Whether the session has a queued turn: a plain read, cheaper than fetching it. */
    boolean hasQueued(long sessionId);

    /** Turns in {@code status} across every session (and so every instance sharing the database). */
    int countWithStatus(TurnStatus status);

    /** Turns of the session still queued or running that were created before this one. */
    int unfinishedBefore(long sessionId, long turnId);

    /** A session's lane as seen under its lock: whether one of its turns is running, and the session's head now. */
    record Lane(boolean busy, ImageId head) {
    }

    /**
     * Within a transaction: locks the session's lane until the transaction ends (instances claiming for the same
     * session wait for each other), then reads it — busy while one of the session's turns is running, on whichever
     * instance.
     */
    Lane lockLane(long sessionId);

    /** Whether one of the session's turns is running: a plain read, for deciding whether a claim is worth trying. */
    boolean laneBusy(long sessionId);

    /**
     * QUEUED → RUNNING under {@code lease}, with its parent image. The submission is not marked as being sent yet
     * ({@link #markSubmitting} does that once its inputs are read): an instance that dies before then sent nothing, and
     * the turn may be sent by whichever takes it over. Returns {@code queued} as it is now, or empty when it was no
     * longer queued.
     */
    Optional<Turn> claim(Turn queued, ImageId parent, Lease lease, Instant now);

    /** Extends the leases of these running turns held by the lease's instance; returns the ids it still holds. */
    Set<Long> renewLeases(Collection<Long> turnIds, Lease lease);

    /**
     * Takes over, for {@code lease}, at most {@code limit} running turns whose lease ended before {@code expiredBefore}
     * (or was given up; null: whatever their lease), skipping rows another instance is taking over at the same
     * moment. Returns them as taken, oldest first, each with the instance that held it.
     */
    List<TakenOver> takeOver(Lease lease, Instant expiredBefore, int limit);

    /** A running turn taken over, and the instance that held it until then (null if none ever did). */
    record TakenOver(Turn turn, String heldBy) {
    }

    /** At most {@code limit} running turns, on any instance and at any step, that started before {@code startedBefore}; oldest first. */
    List<Turn> overdue(Instant startedBefore, int limit);

    /** Gives up the instance's leases on these turns (a graceful stop): another instance may take them over at once. */
    void releaseLeases(String instance, Collection<Long> turnIds);

    /** The lease a turn is held under, if it is running. */
    Optional<Lease> leaseOf(long turnId);

    /** Sessions with a queued turn and no running one: lanes nobody is working on (a lost wake-up, a dead instance). */
    List<Long> idleLanes(int limit);

    /** Marks a submission as about to be sent and counts the attempt; false when the instance no longer holds the turn. */
    boolean markSubmitting(long turnId, String instance, Instant now);

    /**
     * Adds what one submission sent for the turn's inputs ({@link Turn#inputBytesSent()}), whoever holds the turn now:
     * the bytes went out either way.
     */
    void addInputBytesSent(long turnId, long bytes);

    /** The submission sent nothing (the provider said retry later): forget the submitting mark. */
    boolean clearSubmitting(long turnId, String instance);

    /** False when the instance no longer holds the turn: the job is then nobody's, and should be cancelled. */
    boolean storeJob(long turnId, String instance, String job);

    /**
     * Some variants of a running turn arrived before the rest: stores them and the job token that no longer asks for
     * them, together; false when the instance no longer holds the turn. {@link #complete} makes them the turn's variants.
     */
    boolean storeProgress(long turnId, String instance, String job, List<Variant> arrived);

    /** The variants of a running turn stored by {@link #storeProgress}, by index. */
    List<Variant> arrivals(long turnId);

    /**
     * RUNNING → DONE with its variants (the arrivals among them) and cost, if the instance still holds the turn (null:
     * whoever holds it, for a cancel or the deadline sweep). {@code shortfall}: why fewer variants arrived than were
     * asked for, stored as the turn's {@link Turn#SHORTFALL} reason; empty when all did.
     */
    default boolean complete(long turnId, String instance, List<Variant> variants, long costMicros, Optional<String> shortfall, Instant now) {
        return complete(turnId, instance, variants, costMicros, shortfall, null, now);
    }

    /** {@code lacking}: the shortfall typed, for readers in other languages (null: its English only). */
    boolean complete(long turnId, String instance, List<Variant> variants, long costMicros, Optional<String> shortfall, TurnFailure lacking,
                     Instant now);

    /**
     * QUEUED or RUNNING → a final status without images. {@code instance} null ends it whoever holds it (a cancel
     * from any instance); otherwise only while that instance holds it. {@code failure}: why, typed, kept next to its
     * English {@code errorMessage} (null: only the English, as rows before typed reasons).
     */
    boolean end(long turnId, String instance, TurnStatus status, String errorCode, String errorMessage, TurnFailure failure, Instant now);

    /** As {@link #end(long, String, TurnStatus, String, String, TurnFailure, Instant)} with the English only. */
    default boolean end(long turnId, String instance, TurnStatus status, String errorCode, String errorMessage, Instant now) {
        return end(turnId, instance, status, errorCode, errorMessage, null, now);
    }

    /**
     * Within a transaction: holds the tenant's turn quota until the transaction ends, on every instance sharing the
     * database, so counting its turns ({@link #countOf}) and storing one are a single step: a burst of requests
     * cannot all be counted before any of them is stored.
     */
    void lockTurnQuota(dev.kontextbot.engine.model.Platform platform, String tenant, Instant now);

    /**
     * Turns of a tenant (of one requester when {@code requester} is not null): created since {@code since}, or
     * (when {@code since} is null) still queued or running.
     */
    int countOf(dev.kontextbot.engine.model.Platform platform, String tenant, String requester, Instant since);

    /** Turns of a tenant (of one requester when {@code requester} is not null) running now, on any instance. */
    int runningOf(dev.kontextbot.engine.model.Platform platform, String tenant, String requester);

    List<Variant> variants(long turnId);

    List<Variant> variantsOfSession(long sessionId);
}
