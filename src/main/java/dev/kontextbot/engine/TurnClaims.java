package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.port.Transactions;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.port.TurnRepository.Lease;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which running turns this instance holds. A queued turn becomes running only through {@link #claimNext}, under
 * the session's lane lock, so across all instances a session runs one turn at a time and a turn is claimed once;
 * a turn whose instance stopped renewing its lease is taken over by whichever instance sweeps first.
 */
final class TurnClaims {
    private final TurnRepository turns;
    private final Transactions transactions;
    private final InstanceSettings instance;
    private final Clock clock;
    /** Turn id → session id of every running turn this instance works on. */
    private final Map<Long, Long> held = new ConcurrentHashMap<>();
    private final RunningLimits limits;

    TurnClaims(TurnRepository turns, Transactions transactions, InstanceSettings instance, Clock clock, RunningLimits limits) {
        this.turns = turns;
        this.limits = limits;
        this.transactions = transactions;
        this.instance = instance;
        this.clock = clock;
    }

    String instanceId() {
        return instance.id();
    }

    /** A turn just stored, and the turn claimed for this instance in the same transaction (when the lane was free). */
    record Enqueued(Turn turn, Optional<Turn> claimed) {
        /** The turn as it is now: claimed already, or queued. */
        Turn current() {
            return claimed.filter(c -> c.id() == turn.id()).orElse(turn);
        }
    }

    /**
     * Within the caller's transaction: locks the session's lane first (every writer of a lane locks it before
     * anything else, so two of them never wait on each other), stores the turn, and claims the session's oldest
     * queued turn when none of its turns runs. A turn so starts with the commit that stores it: one commit fewer.
     * Call {@link #hold} with the claimed turn once the transaction has committed.
     */
    Enqueued enqueue(long sessionId, Supplier<Turn> store) {
        TurnRepository.Lane lane = turns.lockLane(sessionId);
        Turn turn = store.get();
        return new Enqueued(turn, lane.busy() ? Optional.empty() : claimOldest(sessionId, lane.head(), turn));
    }

    /** Claims the session's oldest queued turn for this instance, unless one of its turns is running anywhere. */
    Optional<Turn> claimNext(long sessionId) {
        Optional<Turn> claimed = transactions.inTransaction(() -> {
            TurnRepository.Lane lane = turns.lockLane(sessionId);
            return lane.busy() ? Optional.<Turn>empty() : claimOldest(sessionId, lane.head(), null);
        });
        claimed.ifPresent(this::hold);
        return claimed;
    }

    /**
     * Under the lane lock, with the lane free: the turn before has committed its result, so {@code head} (read under
     * the lock) is the head it made, which a refine edits. {@code stored}: the turn this transaction stored, if any —
     * usually the one waiting, and then not read back.
     */
    private Optional<Turn> claimOldest(long sessionId, ImageId head, Turn stored) {
        OptionalLong oldest = turns.oldestQueued(sessionId);
        if (oldest.isEmpty()) {
            return Optional.empty();
        }
        Turn turn = stored != null && stored.id() == oldest.getAsLong() ? stored : turns.find(oldest.getAsLong()).orElseThrow();
        if (!limits.hasRoom(turn)) {
            // In line: it starts when one of its requester's (or its server's) running turns ends.
            return Optional.empty();
        }
        return turns.claim(turn, turn.kind() == TurnKind.REFINE ? head : turn.parent(), lease(), clock.instant());
    }

    /** Running turns whose instance is gone: all of them for a sole instance at start, else those with an expired lease. */
    List<TurnRepository.TakenOver> takeOver(boolean atStart, int limit) {
        List<TurnRepository.TakenOver> taken = turns.takeOver(lease(), atStart && instance.sole() ? null : clock.instant(), limit);
        taken.forEach(t -> hold(t.turn()));
        return taken;
    }

    /**
     * Whether the turn was held by another bot process that shares the database, rather than by this one's previous
     * run: a sole instance's database has no other user, an instance with a configured id keeps it over restarts, and a
     * generated id names its machine.
     */
    boolean heldByAnother(TurnRepository.TakenOver taken) {
        return !instance.sole() && taken.heldBy() != null && !instance.isThisOrAnEarlierRun(taken.heldBy());
    }

    /** Whether turns may wait for a free slot: then any turn's end may let another session's turn start. */
    boolean limitsRunning() {
        return limits.active();
    }

    /** Sessions with queued turns that no instance is working on. */
    List<Long> idleLanes(int limit) {
        return turns.idleLanes(limit);
    }

    /** Extends the leases of every held turn; returns the turns this instance lost (ended or taken over elsewhere). */
    Set<Long> renew() {
        Set<Long> mine = Set.copyOf(held.keySet());
        if (mine.isEmpty()) {
            return Set.of();
        }
        Set<Long> lost = new HashSet<>(mine);
        lost.removeAll(turns.renewLeases(mine, lease()));
        lost.forEach(held::remove);
        return lost;
    }

    boolean holds(long turnId) {
        return held.containsKey(turnId);
    }

    /** Stops holding the turn (it ended, or is no longer this instance's); true when it was held. */
    boolean drop(long turnId) {
        return held.remove(turnId) != null;
    }

    /** A graceful stop: the turns still held can be taken over at once instead of after the lease. */
    void releaseAll() {
        turns.releaseLeases(instance.id(), Set.copyOf(held.keySet()));
        held.clear();
    }

    java.time.Duration leaseLength() {
        return instance.lease();
    }

    java.time.Duration renewEvery() {
        return instance.renewEvery();
    }

    int heldCount() {
        return held.size();
    }

    void hold(Turn turn) {
        held.put(turn.id(), turn.sessionId());
    }

    private Lease lease() {
        return new Lease(instance.id(), clock.instant().plus(instance.lease()));
    }
}
