package dev.kontextbot.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a running turn may answer a status nobody expected ({@code PollOutcome.Unrecognised}) before it ends: one
 * rule for every provider. It may be a new word for "still working", so the job is looked at a few more times over
 * {@code patience}; without this, such a turn was polled until its 10-minute deadline. Logged once per turn.
 */
final class UnrecognisedStatuses {
    private static final Logger log = LoggerFactory.getLogger(UnrecognisedStatuses.class);
    /** Looks in a row, at the least, before a turn ends for it (a burst of quick polls is not patience). */
    static final int LOOKS = 3;

    private final Duration patience;
    private final Clock clock;
    private final Map<Long, Sighting> sightings = new ConcurrentHashMap<>();

    private record Sighting(Instant first, int looks) {
    }

    UnrecognisedStatuses(Duration patience, Clock clock) {
        this.patience = patience;
        this.clock = clock;
    }

    /** Counts one more such answer in a row; whether the turn has now answered them long enough to end. */
    boolean exhausted(long turnId, String provider, String status) {
        Instant now = clock.instant();
        Sighting seen = sightings.compute(turnId, (id, was) -> was == null ? new Sighting(now, 1) : new Sighting(was.first(), was.looks() + 1));
        if (seen.looks() == 1) {
            log.warn("turn {}: {} answered the unknown status '{}'; looking again for {} s before giving up", turnId, provider,
                    shown(status), patience.toSeconds());
        }
        return seen.looks() >= LOOKS && !now.isBefore(seen.first().plus(patience));
    }

    /** The turn answered something known (or ended): the next unknown status starts a new count. */
    void forget(long turnId) {
        sightings.remove(turnId);
    }

    /** The status as the words show it: one line, at most 40 characters. */
    static String shown(String status) {
        String oneLine = status == null ? "" : status.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 39) + "…";
    }
}
