package dev.kontextbot.adapter.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a turn's "generating… Ns" message be edited at most once per interval: chat platforms rate-limit edits,
 * and a number changing every second is noise.
 */
public final class ProgressThrottle {
    private final Clock clock;
    private final Duration every;
    private final Map<Long, Instant> last = new ConcurrentHashMap<>();

    public ProgressThrottle(Clock clock, Duration every) {
        this.clock = clock;
        this.every = every;
    }

    /** Whether the turn's progress may be shown now; if so, the next showing waits a full interval. */
    public boolean due(long turnId) {
        Instant now = clock.instant();
        Instant previous = last.get(turnId);
        if (previous != null && Duration.between(previous, now).compareTo(every) < 0) {
            return false;
        }
        last.put(turnId, now);
        return true;
    }

    /** The turn ended: nothing more to throttle. */
    public void forget(long turnId) {
        last.remove(turnId);
    }
}
