package dev.kontextbot.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Stops sending work to a provider that keeps failing: after {@code threshold} "not now" answers in a row it
 * opens for {@code openFor}, and new turns are refused at once ("try again in n min") instead of waiting out
 * their retries. After that one turn may try; its success closes the circuit, its failure opens it again.
 */
final class CircuitBreaker {
    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    synchronized void success() {
        consecutiveFailures = 0;
        openUntil = Instant.MIN;
    }

    synchronized void failure() {
        consecutiveFailures++;
        if (threshold > 0 && consecutiveFailures >= threshold) {
            openUntil = clock.instant().plus(openFor);
            consecutiveFailures = threshold - 1;
        }
    }

    /** How long the circuit stays open, or empty when work may go to the provider. */
    synchronized Optional<Duration> openFor() {
        Instant now = clock.instant();
        return now.isBefore(openUntil) ? Optional.of(Duration.between(now, openUntil)) : Optional.empty();
    }

    /** For logs: the message of the refusal a person gets in words ({@code Rejected.ServiceResting}). */
    static String unavailableMessage(Duration remaining) {
        return "The image service is unavailable right now; try again in " + minutes(remaining) + " min.";
    }

    /** The minutes to wait, rounded up, at least one. */
    static long minutes(Duration remaining) {
        return Math.max(1, (remaining.toSeconds() + 59) / 60);
    }
}
