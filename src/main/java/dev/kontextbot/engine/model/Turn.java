package dev.kontextbot.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One instruction and its outcome. {@code parent} is the image edited (null for text-only generation, and
 * for a refine still queued: it takes the session's head when it starts): image 1 of the turn. {@code references}:
 * the extra images the person's message brought for this turn, in their order: images 2..N. {@code inputBytesSent}:
 * what the bot sent the provider for the turn's inputs, over all its attempts (null: not recorded, an older turn).
 * {@code failure}: why it ended without images, typed (null: it did not, or the row predates typed failures; see
 * {@link #why()}); {@code errorMessage} keeps the same in English.
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
        Long inputBytesSent,
        TurnFailure failure) {

    public Turn {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A turn of {@code sessionId} to be built field by field; unset fields are empty (a queued turn, not yet stored). */
    public static Builder builder(long sessionId, TurnKind kind, String prompt, TurnParams params) {
        Builder b = new Builder();
        b.sessionId = sessionId;
        b.kind = kind;
        b.prompt = prompt;
        b.params = params;
        b.status = TurnStatus.QUEUED;
        return b;
    }

    /** This turn as a builder, to change a few fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.sessionId = sessionId;
        b.kind = kind;
        b.prompt = prompt;
        b.params = params;
        b.parent = parent;
        b.rerolledFrom = rerolledFrom;
        b.requestedBy = requestedBy;
        b.provider = provider;
        b.providerJob = providerJob;
        b.status = status;
        b.errorCode = errorCode;
        b.errorMessage = errorMessage;
        b.attempts = attempts;
        b.costMicros = costMicros;
        b.createdAt = createdAt;
        b.startedAt = startedAt;
        b.submittingAt = submittingAt;
        b.finishedAt = finishedAt;
        b.references = references;
        b.inputBytesSent = inputBytesSent;
        b.failure = failure;
        return b;
    }

    /** Builds a {@link Turn} without twenty positional arguments. */
    public static final class Builder {
        private long id;
        private long sessionId;
        private TurnKind kind;
        private String prompt;
        private TurnParams params;
        private ImageId parent;
        private Long rerolledFrom;
        private String requestedBy;
        private String provider;
        private String providerJob;
        private TurnStatus status;
        private String errorCode;
        private String errorMessage;
        private int attempts;
        private long costMicros;
        private Instant createdAt;
        private Instant startedAt;
        private Instant submittingAt;
        private Instant finishedAt;
        private List<ImageId> references = List.of();
        private Long inputBytesSent;
        private TurnFailure failure;

        private Builder() {
        }

        public Builder id(long id) {
            this.id = id;
            return this;
        }

        public Builder sessionId(long sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder kind(TurnKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder params(TurnParams params) {
            this.params = params;
            return this;
        }

        public Builder parent(ImageId parent) {
            this.parent = parent;
            return this;
        }

        public Builder rerolledFrom(Long rerolledFrom) {
            this.rerolledFrom = rerolledFrom;
            return this;
        }

        public Builder requestedBy(String requestedBy) {
            this.requestedBy = requestedBy;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder providerJob(String providerJob) {
            this.providerJob = providerJob;
            return this;
        }

        public Builder status(TurnStatus status) {
            this.status = status;
            return this;
        }

        public Builder errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        public Builder errorMessage(String errorMessage) {
            this.errorMessage = errorMessage;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder costMicros(long costMicros) {
            this.costMicros = costMicros;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder submittingAt(Instant submittingAt) {
            this.submittingAt = submittingAt;
            return this;
        }

        public Builder finishedAt(Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        public Builder references(List<ImageId> references) {
            this.references = references;
            return this;
        }

        public Builder inputBytesSent(Long inputBytesSent) {
            this.inputBytesSent = inputBytesSent;
            return this;
        }

        public Builder failure(TurnFailure failure) {
            this.failure = failure;
            return this;
        }

        public Turn build() {
            return new Turn(id, sessionId, kind, prompt, params, parent, rerolledFrom, requestedBy, provider, providerJob, status,
                    errorCode, errorMessage, attempts, costMicros, createdAt, startedAt, submittingAt, finishedAt, references,
                    inputBytesSent, failure);
        }
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

    /**
     * What this done turn lacks, typed for a reader to put in its own words ({@link #shortfall()} is its English); a row
     * written before shortfalls were typed as its English as it is; empty when nothing is missing.
     */
    public Optional<TurnFailure> lacking() {
        return shortfall().map(english -> failure != null ? failure : new TurnFailure.Legacy(english));
    }

    /**
     * Why this turn ended without images, for a reader to put in its own words: the typed reason, or for a row written
     * before reasons were typed its English text as it is; empty when it has none (it is running, or done).
     */
    public Optional<TurnFailure> why() {
        if (shortfall().isPresent()) {
            return Optional.empty();
        }
        if (failure != null) {
            return Optional.of(failure);
        }
        if (errorMessage == null || shortfall().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new TurnFailure.Legacy(errorMessage));
    }
}
