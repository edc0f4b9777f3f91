package dev.kontextbot.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for a thread whose task let something escape: logged through SLF4J with its stack, so it reaches the
 * configured log (the JVM's default would print it to stderr, outside logback). Handlers catch what they can first.
 */
final class UncaughtExceptions implements Thread.UncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(UncaughtExceptions.class);

    /** Makes this the default for every thread that sets none of its own; installing it again changes nothing. */
    static void install() {
        if (!(Thread.getDefaultUncaughtExceptionHandler() instanceof UncaughtExceptions)) {
            Thread.setDefaultUncaughtExceptionHandler(new UncaughtExceptions());
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        log.error("thread {} stopped on an uncaught {}", thread.getName(), failure.getClass().getName(), failure);
    }
}
