package dev.kontextbot.engine;

import java.time.Duration;

/**
 * How often and how patiently a provider call that said "not now" (5xx, 429, network) is tried again:
 * exponential backoff from {@code firstDelay}, capped at {@code maxDelay}, never sooner than the service's
 * own Retry-After.
 */
public record RetryPolicy(int maxRetries, Duration firstDelay, Duration maxDelay, double multiplier) {

    public RetryPolicy {
        if (maxRetries < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || multiplier < 1) {
            throw new IllegalArgumentException("retry policy: need maxRetries >= 0, 0 <= firstDelay <= maxDelay, multiplier >= 1");
        }
    }

    /** Whether retry number {@code retry} (1 = the first retry) may happen. */
    public boolean allows(int retry) {
        return retry <= maxRetries;
    }

    /** The wait before retry number {@code retry}; {@code hint} is the service's Retry-After or null. */
    public Duration delayBefore(int retry, Duration hint) {
        double millis = firstDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        Duration backoff = Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
        return hint != null && hint.compareTo(backoff) > 0 ? hint : backoff;
    }
}
