package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.review.VariantScore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A session to store as it was recorded (an imported archive): every turn has ended, nothing is left for a
 * provider. Turns are named by a {@code key}, the id they had where they were recorded; every {@link VariantRef}
 * here (in variants, votes, head changes and scores) uses those keys, and the store maps them to the new ids.
 * Its images must already be in the image store.
 */
public record ImportedSession(Conversation conversation, String owner, ImageId source, ParamOverrides defaults, Instant createdAt,
                              List<Turn> turns, List<SessionTransfers.CastVote> votes, List<HeadChange> heads,
                              Map<VariantRef, VariantScore> scores) {

    public ImportedSession {
        turns = List.copyOf(turns);
        votes = List.copyOf(votes);
        heads = List.copyOf(heads);
        scores = Map.copyOf(scores);
        if (heads.isEmpty() && source != null) {
            throw new IllegalArgumentException("a session with a source has at least its source as head");
        }
    }

    /** The head the session ends with: the last live head change. */
    public ImageId head() {
        return heads.isEmpty() ? null : heads.get(heads.size() - 1).image();
    }

    /**
     * A finished turn; {@code rerolledFrom} is another turn's key; its variants' turn ids are this key; {@code references}
     * its images 2..N, in order; {@code inputBytesSent} what it sent the provider for them (null: not recorded); {@code
     * failure} its reason typed, next to {@code errorMessage}'s English (null: the English only).
     */
    public record Turn(long key, TurnKind kind, String prompt, TurnParams params, ImageId parent, Long rerolledFrom,
                       String requestedBy, String provider, TurnStatus status, String errorCode, String errorMessage,
                       TurnFailure failure, long costMicros, Instant createdAt, Instant startedAt, Instant finishedAt, List<Variant> variants,
                       List<ImageId> references, Long inputBytesSent) {
        public Turn {
            if (!status.isFinal()) {
                throw new IllegalArgumentException("an imported turn has ended, it is not " + status.wireName());
            }
            variants = List.copyOf(variants);
            references = references == null ? List.of() : List.copyOf(references);
        }
    }
}
