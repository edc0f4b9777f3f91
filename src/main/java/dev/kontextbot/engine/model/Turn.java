package dev.kontextbot.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One instruction and its outcome. {@code parent} is the image edited (null for text-only generation, and
 * for a refine still queued: it takes the session's head when it starts): image 1 of the turn. {@code references}:
 * the extra images the person's message brought for this turn, in their order: images 2..N. {@code inputBytesSent}:
 * what the bot sent the provider for the turn's inputs, over all its attempts (null: not recorded, an older turn).
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
        Instant finishedAt,
        List<ImageId> references,
        Long inputBytesSent) {

    public Turn {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A turn whose input bytes are not recorded (yet). */
    public Turn(long id, long sessionId, TurnKind kind, String prompt, TurnParams params, ImageId parent, Long rerolledFrom,
                String requestedBy, String provider, String providerJob, TurnStatus status, String errorCode, String errorMessage,
                int attempts, long costMicros, Instant createdAt, Instant startedAt, Instant submittingAt, Instant finishedAt,
                List<ImageId> references) {
        this(id, sessionId, kind, prompt, params, parent, rerolledFrom, requestedBy, provider, providerJob, status, errorCode,
                errorMessage, attempts, costMicros, createdAt, startedAt, submittingAt, finishedAt, references, null);
    }

    /** A turn without references (most are). */
    public Turn(long id, long sessionId, TurnKind kind, String prompt, TurnParams params, ImageId parent, Long rerolledFrom,
                String requestedBy, String provider, String providerJob, TurnStatus status, String errorCode, String errorMessage,
                int attempts, long costMicros, Instant createdAt, Instant startedAt, Instant submittingAt, Instant finishedAt) {
        this(id, sessionId, kind, prompt, params, parent, rerolledFrom, requestedBy, provider, providerJob, status, errorCode,
                errorMessage, attempts, costMicros, createdAt, startedAt, submittingAt, finishedAt, List.of(), null);
    }

    /** How many images the provider is given: image 1 (the parent, or the head it will take when it starts) and the references. */
    public int inputImages() {
        boolean edits = parent != null || kind != TurnKind.GENERATE;
        return (edits ? 1 : 0) + references.size();
    }

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
