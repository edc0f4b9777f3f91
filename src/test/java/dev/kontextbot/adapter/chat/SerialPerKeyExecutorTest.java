package dev.kontextbot.adapter.chat;

import dev.kontextbot.testing.Await;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class SerialPerKeyExecutorTest {
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
