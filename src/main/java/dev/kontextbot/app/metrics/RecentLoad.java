package dev.kontextbot.app.metrics;

import dev.kontextbot.engine.EngineLoad;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** The engine's load, looked at again only when the last look is older than {@code freshFor}. */
final class RecentLoad {
    private final Supplier<EngineLoad> look;
    private final Clock clock;
    private final Duration freshFor;
    private EngineLoad last;
    private Instant lookedAt = Instant.MIN;

    RecentLoad(Supplier<EngineLoad> look, Clock clock, Duration freshFor) {
        this.look = look;
        this.clock = clock;
        this.freshFor = freshFor;
    }

    synchronized EngineLoad get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(lookedAt.plus(freshFor))) {
            last = look.get();
            lookedAt = now;
        }
        return last;
    }
}
