package dev.kontextbot.app;

import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.health.HealthSource;
import dev.kontextbot.store.Database;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database as /healthz and /readyz see it: it answers a trivial query within the health timeout, or it is down,
 * with the reason. The query runs on a thread of its own and the probe waits at most the timeout for it: during an
 * outage a probe used to be held until the database came back (and then said "up"), or past the caller's patience.
 * While one query still hangs, later probes do not start another: they report the database down at once.
 */
final class DatabaseHealth implements HealthSource {
    private final Database database;
    private final Duration timeout;
    /** One thread for every probe, so a hanging query holds one thread, never one per probe. */
    private final ExecutorService prober = Executors.newSingleThreadExecutor(command -> {
        Thread thread = new Thread(command, "kontext-db-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Void> pending;

    DatabaseHealth(Database database, Duration timeout) {
        this.database = database;
        this.timeout = timeout;
    }

    @Override
    public Health check() {
        CompletableFuture<Void> query = query();
        try {
            query.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up("answering");
        } catch (TimeoutException e) {
            return Health.down("not answering within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            // The class name only: the endpoint is public, and a driver's message can carry the URL's details.
            return Health.down("not answering (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("check interrupted");
        }
    }

    /** The query in flight, or a new one when the last has ended. */
    private synchronized CompletableFuture<Void> query() {
        if (pending == null || pending.isDone()) {
            pending = CompletableFuture.runAsync(() -> database.dsl().selectOne().fetch(), prober);
        }
        return pending;
    }
}
