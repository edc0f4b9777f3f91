package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.JobProgress;

import java.time.Duration;
import java.util.List;

/**
 * What adapters hear about turns, to render them. Called from engine threads: implementations return
 * quickly and hand slow chat calls to their own executor.
 */
public interface TurnListener {

    /** {@code position}: unfinished turns of the session ahead of this one (0 = next). */
    default void onQueued(Turn turn, int position) {
    }

    /** How far the provider says the job has got, {@code elapsed} since start. */
    default void onProgress(Turn turn, JobProgress progress, Duration elapsed) {
    }

    default void onDone(Turn turn, List<Variant> variants) {
    }

    /**
     * The fidelity scores of a done turn's variants (and so the session's drift) are stored: they come shortly after
     * {@link #onDone}, measured off the turn's path so that nobody waits for them.
     */
    default void onScored(Turn turn) {
    }

    /**
     * The turn ended failed, moderated or cancelled; its status says which and {@link Turn#why()} why, typed, for a
     * listener that shows it to say in its reader's words (its error message keeps the English).
     */
    default void onFailed(Turn turn) {
    }

    /**
     * The turn ended because its provider failed, for {@code failure} (the turn's {@link Turn#why()} holds it as
     * well). By default, as {@link #onFailed(Turn)}.
     */
    default void onFailed(Turn turn, ProviderFailure failure) {
        onFailed(turn);
    }
}
