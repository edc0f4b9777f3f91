package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.health.HealthSource;
import dev.kontextbot.engine.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chat platform that cannot connect does not stop the bot: the first attempt is made at start-up, and until one
 * succeeds it is tried again with backoff while /healthz shows the platform down with the reason, the banner says so,
 * and the log has one line per new reason (not one per attempt). Once connected, the platform's own health source
 * speaks for it and its library keeps the connection.
 */
public final class PlatformConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlatformConnector.class);

    /** A refused token is unlikely to heal by itself, but an operator may fix the app in the workspace: minutes apart. */
    public static final RetryPolicy REFUSED = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(5), Duration.ofMinutes(5), 2);
    /** A network failure or a platform's bad moment usually passes: seconds, up to a minute apart. */
    public static final RetryPolicy TROUBLED = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(2), Duration.ofMinutes(1), 2);

    /** One attempt to connect; empty when connected, else why not, for the operator. */
    @FunctionalInterface
    public interface Attempt {
        Optional<Failure> connect() throws InterruptedException;
    }

    /**
     * {@code reason}: one sentence for the operator, without its full stop ("Discord refused DISCORD_TOKEN (401
     * Unauthorized): copy the bot token again…"); {@code refused}: the platform said no to a token (backs off longer than
     * a network failure does).
     */
    public record Failure(String reason, boolean refused) {
        public Failure {
            Objects.requireNonNull(reason);
        }
    }

    private final String platform;
    private final Attempt attempt;
    private final HealthSource connectedHealth;
    private final RetryPolicy refusedBackoff;
    private final RetryPolicy troubledBackoff;
    private final ScheduledExecutorService retries;
    private volatile boolean connected;
    private volatile Failure failure;
    private volatile Duration nextIn = Duration.ZERO;
    private volatile boolean closed;
    private int failedAttempts;

    public PlatformConnector(String platform, Attempt attempt, HealthSource connectedHealth) {
        this(platform, attempt, connectedHealth, REFUSED, TROUBLED);
    }

    /** {@code refusedBackoff} between attempts after a refused token, {@code troubledBackoff} after any other failure. */
    public PlatformConnector(String platform, Attempt attempt, HealthSource connectedHealth, RetryPolicy refusedBackoff,
                             RetryPolicy troubledBackoff) {
        this.platform = platform;
        this.attempt = attempt;
        this.connectedHealth = connectedHealth;
        this.refusedBackoff = refusedBackoff;
        this.troubledBackoff = troubledBackoff;
        this.retries = Executors.newSingleThreadScheduledExecutor(NamedThreads.of(platform.toLowerCase(Locale.ROOT).replace(' ', '-') + "-connect"));
    }

    /** The first attempt, here and now; on failure the retries are scheduled, and the caller goes on with the rest of the bot. */
    public void start() throws InterruptedException {
        tryOnce();
    }

    private synchronized void tryOnce() throws InterruptedException {
        if (closed || connected) {
            return;
        }
        Optional<Failure> outcome;
        try {
            outcome = attempt.connect();
        } catch (RuntimeException e) {
            log.error("connecting to {} failed", platform, e);
            outcome = Optional.of(new Failure("connecting failed (" + e.getClass().getSimpleName() + ")", false));
        }
        if (outcome.isEmpty()) {
            if (failedAttempts > 0) {
                log.info("{} is connected after {} failed attempt(s)", platform, failedAttempts);
            }
            connected = true;
            failure = null;
            return;
        }
        Failure now = outcome.get();
        failedAttempts++;
        Duration wait = (now.refused() ? refusedBackoff : troubledBackoff).delayBefore(failedAttempts, null);
        if (failure == null || !failure.reason().equals(now.reason())) {
            log.warn("{}. The rest of the bot runs on; {} is tried again with backoff (next in {} s).", now.reason(), platform,
                    Math.max(1, wait.toSeconds()));
        } else {
            log.debug("{}: attempt {} failed again: {}", platform, failedAttempts, now.reason());
        }
        nextIn = wait;
        failure = now;
        try {
            retries.schedule(this::retry, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("{}: no more attempts, closing", platform);
        }
    }

    private void retry() {
        try {
            tryOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean connected() {
        return connected;
    }

    /** Why it is not connected yet, while it is not. */
    public Optional<String> problem() {
        Failure f = failure;
        return connected || f == null ? Optional.empty() : Optional.of(f.reason());
    }

    /** Once connected, the platform's own health; before, down with why and when the next attempt comes. */
    public Health health() {
        if (connected) {
            return connectedHealth.check();
        }
        Failure f = failure;
        return Health.down(f == null ? "connecting" : f.reason() + "; next attempt within " + Math.max(1, nextIn.toSeconds()) + " s");
    }

    /** Final: no attempt starts after it. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        retries.shutdownNow();
        // An attempt under way ends first, so that whoever closes the platform next sees all it connected.
        retries.awaitTermination(10, TimeUnit.SECONDS);
    }
}
