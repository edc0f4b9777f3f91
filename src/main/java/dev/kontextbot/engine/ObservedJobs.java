package dev.kontextbot.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this process has watched since it sent them: only their durations are what the service took. A job taken
 * over from another instance or resumed after a restart counts the time nobody looked (a killed process, a restart)
 * as job time; one whose looks were held up by the database was seen finished late. Neither may teach the
 * {@link PollSchedule}: after both instances of a pair restarted, new jobs' first looks came 16.5 s after submission
 * instead of 6.7 s.
 */
final class ObservedJobs {
    /** Turn id → when this process sent its job. */
    private final Map<Long, Instant> sent = new ConcurrentHashMap<>();

    /** This process is about to send the turn's job, and will watch it from now on. */
    void sending(long turnId, Instant at) {
        sent.put(turnId, at);
    }

    /** The job was seen finished at {@code at}: how long it took, when this process watched it end to end. */
    Optional<Duration> finished(long turnId, Instant at) {
        Instant from = sent.remove(turnId);
        return from == null ? Optional.empty() : Optional.of(Duration.between(from, at));
    }

    /** Its looks were interrupted, or the turn is no longer this process's: its duration would be wrong. */
    void forget(long turnId) {
        sent.remove(turnId);
    }
}
