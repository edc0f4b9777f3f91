package dev.kontextbot.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently a provider call that said "not now" (5xx, 429, network) is tried again:
 * exponential backoff from {@code firstDelay}, capped at {@code maxDelay}, shortened by a random share of up to
 * {@code jitter} so that turns that failed together do not all come back at the same instant (services such as
 * Runflow send no Retry-After on 429 and ask for exactly this), and never sooner than the service's own Retry-After.
 *
 * @param random numbers in [0, 1): the jitter's source, fixed in tests
 */
public record RetryPolicy(int maxRetries, Duration firstDelay, Duration maxDelay, double multiplier, double jitter,
                          DoubleSupplier random) {
    /** Waits between half and all of the backoff. */
    public static final double DEFAULT_JITTER = 0.5;

    public RetryPolicy {
        if (maxRetries < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || multiplier < 1) {
            throw new IllegalArgumentException("retry policy: need maxRetries >= 0, 0 <= firstDelay <= maxDelay, multiplier >= 1");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("retry policy: jitter must be between 0 and 1");
        }
    }

    /** With the default jitter drawn from {@link ThreadLocalRandom}. */
    public RetryPolicy(int maxRetries, Duration firstDelay, Duration maxDelay, double multiplier) {
        this(maxRetries, firstDelay, maxDelay, multiplier, DEFAULT_JITTER, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** This policy, allowing at most {@code attempts} calls in a row (the first one included): a provider's own cap. */
    public RetryPolicy withMaxAttempts(int attempts) {
        int retries = Math.max(0, Math.min(maxRetries, attempts - 1));
        return retries == maxRetries ? this : new RetryPolicy(retries, firstDelay, maxDelay, multiplier, jitter, random);
    }

    /** Whether retry number {@code retry} (1 = the first retry) may happen. */
    public boolean allows(int retry) {
        return retry <= maxRetries;
    }

    /** The wait before retry number {@code retry}; {@code hint} is the service's Retry-After or null. */
    public Duration delayBefore(int retry, Duration hint) {
        double backoff = Math.min(firstDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1)), maxDelay.toMillis());
        double share = Math.min(Math.max(random.getAsDouble(), 0), 1);
        Duration jittered = Duration.ofMillis(Math.round(backoff * (1 - jitter * share)));
        return hint != null && hint.compareTo(jittered) > 0 ? hint : jittered;
    }
}
