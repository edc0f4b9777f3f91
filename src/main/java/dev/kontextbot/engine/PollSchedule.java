package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to look at a running job again. A finished job waits for the next look, so looks are sparse while a job is
 * unlikely to be done and dense where jobs of its kind finish. From the last {@value #KEPT} durations of its kind: the
 * dense looks begin at 90% of the short ones (their 10th percentile), one every {@value #PERCENT_OF_ELAPSED}% of the
 * time since submission, so a finished job waits at most that share of its own duration. Before that, one every
 * {@value #PERCENT_BEFORE}% of the elapsed time, from the dense looks' start × (shortest seen ÷ 10th percentile)²:
 * where durations vary (a model's have a left tail too), the few jobs quicker than most are not left waiting for a
 * look planned for the others (a 0.4 s job waited 0.7 s, trebling its turn); where they do not, that start is the
 * dense looks' own and nothing changes. On the benchmark's log-normal jobs a finished job waits a median 1% and a
 * 99th percentile 9% of its duration, in about 61 looks a job (see PollScheduleTest). Never more often than every {@link #SHORTEST}, never less often
 * than the configured poll interval; until {@value #NEEDED} jobs of a kind have been seen, every poll interval
 * (nothing is known yet of the service's speed).
 */
final class PollSchedule {
    static final int KEPT = 32;
    static final int NEEDED = 5;
    static final int PERCENT_OF_ELAPSED = 2;
    static final int PERCENT_BEFORE = 10;
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
        Recent typical = recent(Kind.of(params));
        if (typical == null) {
            return longest;
        }
        Duration dense = typical.tenth().multipliedBy(9).dividedBy(10);
        Duration early = typical.tenth().isZero() ? dense
                : Duration.ofNanos((long) (dense.toNanos() * Math.pow((double) typical.shortest().toNanos() / typical.tenth().toNanos(), 2)));
        if (elapsed.compareTo(early) < 0) {
            return max(early.minus(elapsed), shortest);
        }
        int percent = elapsed.compareTo(dense) < 0 ? PERCENT_BEFORE : PERCENT_OF_ELAPSED;
        Duration pause = min(max(elapsed.multipliedBy(percent).dividedBy(100), shortest), longest);
        // The early looks stop where the dense ones begin.
        return elapsed.compareTo(dense) < 0 ? min(pause, max(dense.minus(elapsed), shortest)) : pause;
    }

    /**
     * The pause before the next look, after a look sent {@code sent} after the submission whose answer (with what the
     * engine did before handing it over) took {@code answering}: the next look is due a {@link #next} pause after this one
     * was sent. Counting the pause from the answer put the service's round trip between every two looks on top of the
     * planned spacing, so a finished job waited for 2% of the elapsed time plus a round trip (real services answer in
     * tens of milliseconds; the benchmark's loopback fal took 45 ms an answer). Never two looks of one job at once: the
     * next one is planned only once this one has answered, so a slow answer spaces them by its own time.
     */
    Duration afterLook(TurnParams params, Duration sent, Duration answering) {
        Duration pause = next(params, sent);
        if (answering.isNegative()) {
            // The wall clock was set back during the look: the pause as planned, never longer.
            return pause;
        }
        return answering.compareTo(pause) < 0 ? pause.minus(answering) : Duration.ZERO;
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

    /** The shortest of the recent durations of a kind, and their 10th percentile. */
    private record Recent(Duration shortest, Duration tenth) {
    }

    private Recent recent(Kind kind) {
        Deque<Duration> durations = recent.get(kind);
        if (durations == null) {
            return null;
        }
        synchronized (durations) {
            if (durations.size() < NEEDED) {
                return null;
            }
            List<Duration> sorted = durations.stream().sorted().toList();
            return new Recent(sorted.get(0), sorted.get(durations.size() / 10));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
