package dev.kontextbot.engine;

import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.model.VariantRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session with what a review shows beside it: each variant's score (absent when it has none), the head's
 * drift from the source (empty when unknown: a text-only session, an uploaded head, an unscored head), and
 * for each variant the ids of the sessions branched from it.
 */
public record SessionReview(SessionSnapshot snapshot, Map<VariantRef, VariantScore> scores, Optional<Drift> drift,
                            Map<VariantRef, List<Long>> branches) {
    public SessionReview {
        scores = Map.copyOf(scores);
        branches = Map.copyOf(branches);
    }
}
