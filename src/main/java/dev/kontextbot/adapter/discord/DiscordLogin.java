package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.adapter.chat.NamedThreads;
import dev.kontextbot.engine.RetryPolicy;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.BooleanSupplier;

/**
 * Logs in until Discord lets the bot in: a refused token or an unreachable Discord is reported (one log line per new
 * reason, and {@link #failing()} for /healthz and the banner) and tried again with backoff, while the rest of the bot
 * keeps running; a token fixed in the Developer Portal, or the network coming back, brings Discord up without a restart.
 */
final class DiscordLogin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordLogin.class);

    /** Why the last attempt failed, in the operator's words, and how long until the next. */
    record Failing(LoginCheck check, String reason, Duration retryIn) {
    }

    /** One attempt: the token check, then the shards' login (which may still fail, with what it threw). */
    interface Attempt {
        LoginCheck checkToken();

        void connect();
    }

    private final Attempt attempt;
    private final Function<LoginCheck, String> explain;
    private final RetryPolicy backoff;
    private final Function<RuntimeException, LoginCheck> classify;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.of("discord-login"));
    private volatile Failing failing;

    DiscordLogin(Attempt attempt, Function<LoginCheck, String> explain, RetryPolicy backoff, Function<RuntimeException, LoginCheck> classify) {
        this.attempt = attempt;
        this.explain = explain;
        this.backoff = backoff;
        this.classify = classify;
    }

    void start() {
        timer.execute(() -> run(1));
    }

    private void run(int number) {
        LoginCheck check;
        try {
            check = attempt.checkToken();
            if (check instanceof LoginCheck.Accepted) {
                attempt.connect();
                if (failing != null) {
                    log.info("Discord accepted the login after {} failed attempt(s)", number - 1);
                }
                failing = null;
                return;
            }
        } catch (InvalidTokenException e) {
            check = new LoginCheck.Refused("401 Unauthorized");
        } catch (RuntimeException e) {
            // Whatever an attempt throws, the next one is scheduled: a task that dies here would end the retries silently.
            check = classify.apply(e);
        }
        Duration wait = backoff.delayBefore(number, null);
        String reason = explain.apply(check);
        Failing before = failing;
        failing = new Failing(check, reason, wait);
        if (before == null || !before.reason().equals(reason)) {
            log.warn("{}; trying again in {} s and then with backoff, the rest of the bot keeps running", reason, Math.max(1, wait.toSeconds()));
        } else {
            log.debug("Discord login attempt {} failed again: {}", number, reason);
        }
        timer.schedule(() -> run(number + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last attempt's failure, while no attempt has succeeded since. */
    Optional<Failing> failing() {
        return Optional.ofNullable(failing);
    }

    /** Waits until an attempt logged in or failed, at most {@code timeout}. */
    boolean awaitFirstOutcome(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failing != null || done.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
