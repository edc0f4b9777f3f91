package dev.kontextbot.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static RetryPolicy policy(int retries, double jitter, Double... randoms) {
        Iterator<Double> numbers = List.of(randoms).iterator();
        return new RetryPolicy(retries, Duration.ofSeconds(1), Duration.ofSeconds(10), 2, jitter, numbers::next);
    }

    @Test
    void eachWaitIsTheBackoffShortenedByTheJittersRandomShare() {
        RetryPolicy policy = policy(6, 0.5, 0.0, 0.5, 0.999, 0.0, 0.2);

        assertThat(policy.delayBefore(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(2, null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.delayBefore(3, null)).isEqualTo(Duration.ofMillis(2002));
        assertThat(policy.delayBefore(4, null)).isEqualTo(Duration.ofSeconds(8));
        // Capped at maxDelay before the jitter: 10 s, less 10%.
        assertThat(policy.delayBefore(5, null)).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void theServicesRetryAfterIsNeverCutShort() {
        RetryPolicy policy = policy(6, 0.5, 0.9);

        assertThat(policy.delayBefore(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void withoutJitterTheBackoffIsPlain() {
        RetryPolicy policy = policy(6, 0, 0.7, 0.7);

        assertThat(policy.delayBefore(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(5, null)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aProviderCapsTheAttemptsTheFirstOneIncluded() {
        RetryPolicy engine = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60), 2);
        RetryPolicy runflow = engine.withMaxAttempts(5);

        assertThat(runflow.allows(4)).isTrue();
        assertThat(runflow.allows(5)).isFalse();
        assertThat(engine.withMaxAttempts(Integer.MAX_VALUE)).isSameAs(engine);
        assertThat(engine.withMaxAttempts(1).allows(1)).isFalse();
        assertThat(new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1).withMaxAttempts(5).maxRetries()).isEqualTo(2);
    }

    @Test
    void aJitterOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1, 1.5, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
