package dev.kontextbot.adapter.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs one turn's chat calls in the order they were handed over (its message must be posted before it is
 * updated), while different turns proceed side by side on the shared pool.
 */
public final class PerTurnSerialExecutor {
    private static final Logger log = LoggerFactory.getLogger(PerTurnSerialExecutor.class);

    private final Executor pool;
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public PerTurnSerialExecutor(Executor pool) {
        this.pool = pool;
    }

    public void execute(long turnId, Runnable task) {
        tails.compute(turnId, (id, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            CompletableFuture<Void> next = previous.thenRunAsync(task, pool).exceptionally(failure -> {
                log.error("a chat update of turn {} failed", id, failure);
                return null;
            });
            next.whenComplete((ok, failure) -> tails.remove(id, next));
            return next;
        });
    }
}
