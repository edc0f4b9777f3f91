package dev.kontextbot.adapter.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class TrackedPoolTest {
    private final TrackedPool pool = new TrackedPool(Executors.newFixedThreadPool(2));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void isIdleOnlyOnceEveryTaskHandedOverHasRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(pool.awaitIdle(Duration.ofMillis(100))).isFalse();
        release.countDown();
        assertThat(pool.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aTaskHandedOverByATaskIsWaitedForToo() throws Exception {
        AtomicBoolean innerRan = new AtomicBoolean();
        CountDownLatch outerMayEnd = new CountDownLatch(1);
        pool.execute(() -> {
            pool.execute(() -> {
                try {
                    outerMayEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                innerRan.set(true);
            });
        });

        assertThat(pool.awaitIdle(Duration.ofMillis(200))).isFalse();
        outerMayEnd.countDown();
        assertThat(pool.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(innerRan).isTrue();
    }

    @Test
    void aFailingTaskStillCountsAsRun() throws Exception {
        pool.execute(() -> {
            throw new IllegalStateException("boom");
        });

        assertThat(pool.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
}
