package dev.kontextbot.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this process has watched since it sent them: only their durations are what the service took. A job taken
 * over from another instance or resumed after a restart counts the time nobody looked (a killed process, a restart)
 * as job time; one whose looks were held up by the database was seen finished late. Neither may teach the
 * {@link PollSchedule}: after both instances of a pair restarted, new jobs' first looks came 16.5 s after submission
 * instead of 6.7 s.
 * <p>
 * A job is seen finished at a look, and ended somewhere before it. After looks that found it working, the spacing bounds
 * the difference (a few percent of the time). A job finished at its very first look may have ended any time before it:
 * it is taken to have taken half that time. Taking the first look's time taught the schedule its own first look, so a
 * first look planned too late never moved earlier (jobs of 0.7 s waited for a first look at 2.1 s).
 */
final class ObservedJobs {
    /** Turn id → when this process sent its job. */
    private final Map<Long, Instant> sent = new ConcurrentHashMap<>();
    /** The turns whose jobs a look of this process found still working. */
    private final Set<Long> seenWorking = ConcurrentHashMap.newKeySet();

    /** This process is about to send the turn's job, and will watch it from now on. */
    void sending(long turnId, Instant at) {
        sent.put(turnId, at);
        seenWorking.remove(turnId);
    }

    /** A look found the job still working. */
    void stillWorking(long turnId) {
        if (sent.containsKey(turnId)) {
            seenWorking.add(turnId);
        }
    }

    /** The job was seen finished at {@code at}: how long it took, when this process watched it end to end. */
    Optional<Duration> finished(long turnId, Instant at) {
        Instant from = sent.remove(turnId);
        boolean lookedBefore = seenWorking.remove(turnId);
        if (from == null) {
            return Optional.empty();
        }
        Duration seen = Duration.between(from, at);
        return Optional.of(lookedBefore ? seen : seen.dividedBy(2));
    }

    /** Its looks were interrupted, or the turn is no longer this process's: its duration would be wrong. */
    void forget(long turnId) {
        sent.remove(turnId);
        seenWorking.remove(turnId);
    }
}
