package dev.kontextbot.adapter.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A pool for the work handlers hand off after answering a platform, that knows when everything handed to it so far
 * has run: a stop waits for it, and a test can tell "nothing happened" from "nothing happened yet".
 */
public final class TrackedPool {
    private final ExecutorService pool;
    private final Object lock = new Object();
    private long unfinished;

    public TrackedPool(ExecutorService pool) {
        this.pool = pool;
    }

    public void execute(Runnable task) {
        synchronized (lock) {
            unfinished++;
        }
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException refused) {
            done();
            throw refused;
        }
    }

    /**
     * Waits until every task handed over so far — and any they handed over in turn — has run; false if {@code timeout}
     * passed first.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (unfinished > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    public void shutdown() {
        pool.shutdown();
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    private void done() {
        synchronized (lock) {
            unfinished--;
            if (unfinished == 0) {
                lock.notifyAll();
            }
        }
    }
}
