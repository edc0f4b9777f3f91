package dev.kontextbot.engine.model;

import java.time.Instant;

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
}
