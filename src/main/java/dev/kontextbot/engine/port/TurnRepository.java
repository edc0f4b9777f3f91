package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns and their variants. Status changes are compare-and-set: each returns false when the turn was no
 * longer in the expected state, which is how a late poll result never overwrites a cancel, and a turn is
 * never finished twice.
 */
public interface TurnRepository {

    record NewTurn(long sessionId, TurnKind kind, String prompt, TurnParams params, ImageId parent,
                   Long rerolledFrom, String requestedBy, String requestKey, String provider) {
    }

    Turn insert(NewTurn turn, Instant now);

    Optional<Turn> find(long id);

    Optional<Turn> findByRequestKey(String requestKey);

    List<Turn> ofSession(long sessionId);

    /** Queued and running turns of every session, oldest first: what a restart must pick up. */
    List<Turn> unfinished();

    /** The oldest queued turn of the session. */
    Optional<Turn> nextQueued(long sessionId);

    /** Turns of the session still queued or running that were created before this one. */
    int unfinishedBefore(long sessionId, long turnId);

    boolean markRunning(long turnId, ImageId parent, Instant now);

    /** Records that a submission is about to be sent (for crash analysis) and counts the attempt. */
    void markSubmitting(long turnId, Instant now);

    /** The submission sent nothing (the provider said retry later): forget the submitting mark. */
    void clearSubmitting(long turnId);

    void storeJob(long turnId, String job);

    /** RUNNING → DONE with its variants and cost. */
    boolean complete(long turnId, List<Variant> variants, long costMicros, Instant now);

    /** QUEUED or RUNNING → a final status without images. */
    boolean end(long turnId, TurnStatus status, String errorCode, String errorMessage, Instant now);

    /**
     * Turns of a tenant (of one requester when {@code requester} is not null): created since {@code since}, or
     * (when {@code since} is null) still queued or running.
     */
    int countOf(dev.kontextbot.engine.model.Platform platform, String tenant, String requester, Instant since);

    List<Variant> variants(long turnId);

    List<Variant> variantsOfSession(long sessionId);
}
