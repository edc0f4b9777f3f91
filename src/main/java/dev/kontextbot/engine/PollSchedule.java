package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to look at a running job again. A finished job waits for the next look, so looks are sparse while a job is
 * unlikely to be done and dense where jobs of its kind finish: none before 90% of the shortest recent durations
 * (the 10th percentile of the last {@value #KEPT}), then one every {@value #PERCENT_OF_ELAPSED}% of the time since
 * submission, so a finished job waits at most that share of its own duration. Never more often than every
 * {@link #SHORTEST}, never less often than the configured poll interval; until {@value #NEEDED} jobs of a kind
 * have been seen, every poll interval (nothing is known yet of the service's speed).
 */
final class PollSchedule {
    static final int KEPT = 32;
    static final int NEEDED = 5;
    static final int PERCENT_OF_ELAPSED = 2;
    static final Duration SHORTEST = Duration.ofMillis(20);

    private final Duration longest;
    private final Duration shortest;
    private final Map<Kind, Deque<Duration>> recent = new ConcurrentHashMap<>();

    /** Jobs of one kind take alike: [max] is slower than [pro], and more variants take longer. */
    private record Kind(ModelId model, int numImages) {
        static Kind of(TurnParams params) {
            return new Kind(params.model(), params.numImages());
        }
    }

    PollSchedule(Duration longest) {
        this.longest = longest;
        this.shortest = SHORTEST.compareTo(longest) < 0 ? SHORTEST : longest;
    }

    /** The pause before the next look at a job submitted {@code elapsed} ago. */
    Duration next(TurnParams params, Duration elapsed) {
        Duration typical = shortestRecent(Kind.of(params));
        if (typical == null) {
            return longest;
        }
        Duration firstLook = typical.multipliedBy(9).dividedBy(10);
        if (elapsed.compareTo(firstLook) < 0) {
            return max(firstLook.minus(elapsed), shortest);
        }
        return min(max(elapsed.multipliedBy(PERCENT_OF_ELAPSED).dividedBy(100), shortest), longest);
    }

    /** A job was seen finished {@code took} after its submission. */
    void finished(TurnParams params, Duration took) {
        Deque<Duration> durations = recent.computeIfAbsent(Kind.of(params), kind -> new ArrayDeque<>());
        synchronized (durations) {
            durations.addLast(took);
            if (durations.size() > KEPT) {
                durations.removeFirst();
            }
        }
    }

    private Duration shortestRecent(Kind kind) {
        Deque<Duration> durations = recent.get(kind);
        if (durations == null) {
            return null;
        }
        synchronized (durations) {
            if (durations.size() < NEEDED) {
                return null;
            }
            return durations.stream().sorted().skip(durations.size() / 10).findFirst().orElseThrow();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
