package dev.kontextbot.engine;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    final Clock clock = new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    };

    @Test
    void opensAfterTheThresholdOfFailuresInARowAndClosesOnSuccess() {
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(2), clock);
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();
        assertThat(breaker.openFor()).isEmpty();

        breaker.failure();
        assertThat(breaker.openFor()).contains(Duration.ofMinutes(2));

        now = now.plusSeconds(90);
        assertThat(breaker.openFor()).contains(Duration.ofSeconds(30));
        assertThat(CircuitBreaker.unavailableMessage(breaker.openFor().orElseThrow())).endsWith("try again in 1 min.");

        now = now.plusSeconds(31);
        assertThat(breaker.openFor()).as("half-open: one turn may try").isEmpty();
        breaker.failure();
        assertThat(breaker.openFor()).as("one more failure opens it again").isPresent();
        now = now.plusSeconds(121);
        breaker.success();
        assertThat(breaker.openFor()).isEmpty();
    }

    @Test
    void zeroFailuresNeverOpens() {
        CircuitBreaker breaker = new CircuitBreaker(0, Duration.ofMinutes(2), clock);
        for (int i = 0; i < 100; i++) {
            breaker.failure();
        }
        assertThat(breaker.openFor()).isEmpty();
    }
}
