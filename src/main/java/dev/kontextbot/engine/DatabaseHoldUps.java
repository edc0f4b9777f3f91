package dev.kontextbot.engine;

import dev.kontextbot.engine.port.StoreFailures;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running turns whose steps the database failed while their job was already stored. Such a job is accepted and paid
 * at the provider, so failing the turn for the database's sake would charge for nothing (1 of 20 turns in a 13 s
 * outage, 9 of 20 in a 42 s one): its looks go on, backing off from {@link #FIRST} to {@link #LONGEST}, until the
 * database answers again or the turn's deadline passes (then the deadline sweep ends it once the database is back).
 */
final class DatabaseHoldUps {
    static final Duration FIRST = Duration.ofMillis(50);
    static final Duration LONGEST = Duration.ofSeconds(2);

    /** Turns this instance knows to have a stored job. */
    private final Set<Long> withJob = ConcurrentHashMap.newKeySet();
    /** Consecutive database failures per turn. */
    private final Map<Long, Integer> failures = new ConcurrentHashMap<>();

    /** The turn's job id is in the database: from now on a database failure does not end it. */
    void jobStored(long turnId) {
        withJob.add(turnId);
    }

    /** Whether {@code failure} is the database's and the turn's job is stored: then the turn waits for the database. */
    boolean waitsOut(long turnId, Throwable failure) {
        return !(failure instanceof Error) && withJob.contains(turnId) && StoreFailures.isDatabaseError(failure);
    }

    /** One more failure in a row; the pause before the next look. */
    Held failed(long turnId) {
        int attempt = failures.merge(turnId, 1, Integer::sum);
        long millis = FIRST.toMillis() << Math.min(attempt - 1, 16);
        return new Held(attempt, millis >= LONGEST.toMillis() ? LONGEST : Duration.ofMillis(millis));
    }

    /** A step of the turn went through: the database answers; how many failures in a row came before (0 for none). */
    int answered(long turnId) {
        Integer before = failures.remove(turnId);
        return before == null ? 0 : before;
    }

    void forget(long turnId) {
        withJob.remove(turnId);
        failures.remove(turnId);
    }

    /** The {@code attempt}-th failure in a row, and the pause before looking again. */
    record Held(int attempt, Duration delay) {
    }
}
