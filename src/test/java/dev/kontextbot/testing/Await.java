package dev.kontextbot.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The one way tests wait for something another thread makes true (on Awaitility): a deadline turns a hang into a
 * failure that names what was awaited.
 */
public final class Await {
    public static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(10);

    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) {
        until(condition, what, PATIENCE);
    }

    public static void until(BooleanSupplier condition, String what, Duration patience) {
        until(condition, what, patience, POLL);
    }

    /**
     * Waits until {@code look} gives a value {@code wanted} accepts, and returns it; what it throws fails the wait at once.
     */
    public static <T> T value(Callable<T> look, Predicate<? super T> wanted, String what,
                              Duration patience, Duration every) {
        try {
            return Awaitility.await(what).atMost(patience).pollDelay(Duration.ZERO).pollInterval(every).until(look, wanted::test);
        } catch (ConditionTimeoutException timedOut) {
            throw new AssertionError("timed out after " + patience.toSeconds() + " s waiting for " + what);
        }
    }

    /**
     * Checks that {@code condition} stays true for all of {@code during} (looked at every 50 ms): for what must not happen
     * at all, such as a reconnect after a stop, where no event says "it will not happen now".
     */
    public static void holds(BooleanSupplier condition, String what, Duration during) {
        try {
            Awaitility.await(what).during(during).atMost(during.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException broken) {
            throw new AssertionError("did not hold for " + during.toMillis() + " ms: " + what);
        }
    }

    /** {@code every}: how often to look, for a check that costs something or changes what it looks at (a health probe). */
    public static void until(BooleanSupplier condition, String what, Duration patience, Duration every) {
        try {
            Awaitility.await(what).atMost(patience).pollDelay(Duration.ZERO).pollInterval(every).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException timedOut) {
            throw new AssertionError("timed out after " + patience.toSeconds() + " s waiting for " + what);
        }
    }
}
