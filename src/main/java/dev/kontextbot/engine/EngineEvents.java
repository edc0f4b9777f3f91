package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.JobProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Hands turn events to every registered adapter; one adapter's failure never reaches the engine or the others. */
final class EngineEvents implements TurnListener {
    private static final Logger log = LoggerFactory.getLogger(EngineEvents.class);

    private final List<TurnListener> listeners = new CopyOnWriteArrayList<>();

    void add(TurnListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onQueued(Turn turn, int position) {
        each(turn, l -> l.onQueued(turn, position));
    }

    @Override
    public void onProgress(Turn turn, JobProgress progress, Duration elapsed) {
        each(turn, l -> l.onProgress(turn, progress, elapsed));
    }

    @Override
    public void onDone(Turn turn, List<Variant> variants) {
        each(turn, l -> l.onDone(turn, variants));
    }

    @Override
    public void onScored(Turn turn) {
        each(turn, l -> l.onScored(turn));
    }

    @Override
    public void onFailed(Turn turn) {
        each(turn, l -> l.onFailed(turn));
    }

    @Override
    public void onFailed(Turn turn, ProviderFailure failure) {
        each(turn, l -> l.onFailed(turn, failure));
    }

    private void each(Turn turn, Consumer<TurnListener> call) {
        for (TurnListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("listener {} failed on turn {}", listener.getClass().getSimpleName(), turn.id(), e);
            }
        }
    }
}
