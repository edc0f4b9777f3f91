package dev.kontextbot.adapter.chat;

import ch.qos.logback.classic.Level;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.CapturedLogs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class SerialPerKeyExecutorTest {
    @Test
    void aTaskRefusedByAStoppingPoolIsDroppedWithADebugLineNotAnError() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        SerialPerKeyExecutor executor = new SerialPerKeyExecutor(pool);
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SerialPerKeyExecutor.class);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try (CapturedLogs logs = CapturedLogs.root()) {
            executor.execute(7, () -> {
                throw new AssertionError("a stopped pool runs nothing");
            });

            Await.until(() -> executor.pendingKeys() == 0, "the refused task forgotten");
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
            assertThat(logs.events()).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(e.getFormattedMessage()).isEqualTo("a task for 7 is dropped: its pool is stopping");
            });
        } finally {
            logger.setLevel(before);
        }
    }

    @Test
    void aTaskThatEndsBeforeItIsRecordedLeavesNothingBehind() {
        // A pool that runs the task on the calling thread ends it inside compute, the case that leaked.
        SerialPerKeyExecutor executor = new SerialPerKeyExecutor(Runnable::run);
        List<Integer> ran = new CopyOnWriteArrayList<>();

        for (int i = 0; i < 100; i++) {
            int n = i;
            executor.execute(n % 7, () -> ran.add(n));
        }

        assertThat(ran).hasSize(100);
        assertThat(executor.pendingKeys()).isZero();
    }

    @Test
    void tasksOfOneKeyRunInOrderAndTheKeyIsForgottenWhenTheyEnd() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialPerKeyExecutor executor = new SerialPerKeyExecutor(pool);
            CountDownLatch gate = new CountDownLatch(1);
            List<Integer> ran = new CopyOnWriteArrayList<>();
            executor.execute(1, () -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ran.add(0);
            });
            for (int i = 1; i < 20; i++) {
                int n = i;
                executor.execute(1, () -> ran.add(n));
            }
            assertThat(executor.pendingKeys()).isEqualTo(1);
            gate.countDown();

            Await.until(() -> ran.size() == 20 && executor.pendingKeys() == 0, "every task to run and the key to be forgotten");
            assertThat(ran).isSorted();
        } finally {
            pool.shutdownNow();
        }
    }
}
