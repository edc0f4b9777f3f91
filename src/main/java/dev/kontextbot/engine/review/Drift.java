package dev.kontextbot.engine.review;

/**
 * How much of the session's source the head still keeps: {@code sourceFidelity} (0–100) after {@code edits}
 * edits in a row. {@code identityDrift} warns when many small edits added up to a different picture; a single
 * big edit that was asked for (a restyle, an inversion) is not drift, hence the minimum number of edits.
 */
public record Drift(int sourceFidelity, int edits, boolean identityDrift) {
    /** Under this fidelity to the source, after {@link #MIN_EDITS} edits or more, the head has drifted. */
    public static final int THRESHOLD = 50;
    public static final int MIN_EDITS = 3;

    public static Drift of(int sourceFidelity, int edits) {
        return new Drift(sourceFidelity, edits, edits >= MIN_EDITS && sourceFidelity < THRESHOLD);
    }
}
