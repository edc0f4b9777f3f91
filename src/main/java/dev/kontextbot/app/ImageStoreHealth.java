package dev.kontextbot.app;

import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.health.HealthSource;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.ImageStoreUnavailable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The image store as /healthz sees it. A probe is one cheap call (an S3 bucket's HEAD), and its answer is kept for
 * {@code keptFor}: /healthz may be asked every few seconds by several monitors, and each ask must not become a request
 * to the bucket. A probe waits at most {@code timeout}; one that hangs reports the store down without starting another.
 */
final class ImageStoreHealth implements HealthSource {
    private final ImageStore images;
    private final Duration keptFor;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(command -> {
        Thread thread = new Thread(command, "kontext-images-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Void> pending;
    private Health last;
    private Instant lastAt = Instant.MIN;

    ImageStoreHealth(ImageStore images, Duration keptFor, Duration timeout, Clock clock) {
        this.images = images;
        this.keptFor = keptFor;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public synchronized Health check() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(lastAt.plus(keptFor))) {
            return last;
        }
        last = probe();
        lastAt = now;
        return last;
    }

    private Health probe() {
        if (pending == null || pending.isDone()) {
            pending = CompletableFuture.runAsync(images::probe, prober);
        }
        try {
            pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up("answering");
        } catch (TimeoutException e) {
            return Health.down("not answering within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            // The store's own words name the bucket and the endpoint (never a credential); anything else by its class only.
            return Health.down(e.getCause() instanceof ImageStoreUnavailable unavailable ? unavailable.getMessage()
                    : "not answering (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("check interrupted");
        }
    }
}
