package dev.kontextbot.adapter.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs the tasks of one key (a turn, a channel) in the order they were handed over — a turn's message must be
 * posted before it is updated, a thread's instructions queue in the order people sent them — while different
 * keys proceed side by side on the shared pool.
 */
public final class SerialPerKeyExecutor {
    private static final Logger log = LoggerFactory.getLogger(SerialPerKeyExecutor.class);

    private final Executor pool;
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public SerialPerKeyExecutor(Executor pool) {
        this.pool = pool;
    }

    /**
     * Waits until every task handed over so far has run (or {@code timeout} passed). Call before shutting the pool
     * down: a pool that is shutting down refuses the later tasks of a chain already under way.
     */
    public void awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<Void> tail : tails.values()) {
            try {
                tail.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // A failed task was logged where it failed; a slow one is given up on, and the pool's shutdown follows.
                return;
            }
        }
    }

    public void execute(long key, Runnable task) {
        CompletableFuture<Void> next = tails.compute(key, (id, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return previous.thenRunAsync(task, pool).exceptionally(failure -> {
                if (rejected(failure)) {
                    // Only a stopping pool refuses: the stop already let what it could finish.
                    log.debug("a task for {} is dropped: its pool is stopping", id);
                } else {
                    log.error("a task for {} failed", id, failure);
                }
                return null;
            });
        });
        // Registered after compute has stored it: a task that ends before compute returns would otherwise try to
        // remove its future before it is in the map, and leave it there for good.
        next.whenComplete((ok, failure) -> tails.remove(key, next));
    }

    private static boolean rejected(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof java.util.concurrent.RejectedExecutionException;
    }

    /** Keys with tasks not yet run. */
    int pendingKeys() {
        return tails.size();
    }
}
