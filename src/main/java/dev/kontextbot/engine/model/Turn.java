package dev.kontextbot.engine.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One instruction and its outcome. {@code parent} is the image edited (null for text-only generation, and
 * for a refine still queued: it takes the session's head when it starts).
 */
public record Turn(
        long id,
        long sessionId,
        TurnKind kind,
        String prompt,
        TurnParams params,
        ImageId parent,
        Long rerolledFrom,
        String requestedBy,
        String provider,
        String providerJob,
        TurnStatus status,
        String errorCode,
        String errorMessage,
        int attempts,
        long costMicros,
        Instant createdAt,
        Instant startedAt,
        Instant submittingAt,
        Instant finishedAt) {

    /**
     * The error code of a turn that is done with fewer variants than it asked for; its error message says why. Kept in
     * the error columns so the store, exports and imports carry it as they carry any turn's reason.
     */
    public static final String SHORTFALL = "partial";

    /**
     * What this done turn lacks, in words for the user: why it has fewer variants than it asked for, or which part of
     * the instruction was not done; empty when nothing is missing.
     */
    public Optional<String> shortfall() {
        return status == TurnStatus.DONE && SHORTFALL.equals(errorCode) ? Optional.ofNullable(errorMessage) : Optional.empty();
    }
}
