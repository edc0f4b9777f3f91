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

    public void execute(long key, Runnable task) {
        tails.compute(key, (id, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            CompletableFuture<Void> next = previous.thenRunAsync(task, pool).exceptionally(failure -> {
                log.error("a task for {} failed", id, failure);
                return null;
            });
            next.whenComplete((ok, failure) -> tails.remove(id, next));
            return next;
        });
    }
}
