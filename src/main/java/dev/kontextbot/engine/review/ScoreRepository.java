package dev.kontextbot.engine.review;

import dev.kontextbot.engine.model.VariantRef;

import java.util.Map;

/** Fidelity scores of variants, written once when their turn completes. */
public interface ScoreRepository {

    /**
     * Stores the scores; a variant that already has one keeps it (a score is a function of the images, so a
     * second computation would give the same). Joins the caller's transaction, and when this write fails only
     * it is rolled back.
     */
    void save(Map<VariantRef, VariantScore> scores);

    /** Every stored score of the session's variants. */
    Map<VariantRef, VariantScore> ofSession(long sessionId);
}
