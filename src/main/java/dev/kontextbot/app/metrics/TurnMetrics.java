package dev.kontextbot.app.metrics;

import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Counts and times turns as they end, from the engine's own events: the engine itself knows no metrics library. */
final class TurnMetrics implements TurnListener {
    private final MeterRegistry registry;

    TurnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onDone(Turn turn, List<Variant> variants) {
        ended(turn);
        Counter.builder("kontext.images.stored").description("Variant images stored").tag("provider", provider(turn))
                .register(registry).increment(variants.size());
    }

    @Override
    public void onFailed(Turn turn) {
        ended(turn);
    }

    private void ended(Turn turn) {
        String status = turn.status().name().toLowerCase(Locale.ROOT);
        String model = turn.params() == null || turn.params().model() == null ? "unknown" : turn.params().model().id();
        Counter.builder("kontext.turns").description("Turns that ended, by provider, model and final status")
                .tags("provider", provider(turn), "model", model, "status", status).register(registry).increment();
        if (turn.createdAt() != null && turn.finishedAt() != null) {
            Timer.builder("kontext.turn.duration").description("From the request to the turn's end, queue time included")
                    .tags("provider", provider(turn), "status", status)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(50)).maximumExpectedValue(Duration.ofMinutes(15))
                    .register(registry).record(Duration.between(turn.createdAt(), turn.finishedAt()));
        }
    }

    private static String provider(Turn turn) {
        return turn.provider() == null ? "none" : turn.provider();
    }
}
