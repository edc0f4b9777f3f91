package dev.kontextbot.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class UncaughtExceptionsTest {
    @Test
    void aThreadThatDiesOnAnUncaughtErrorIsLoggedThroughSlf4jWithItsStack() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(UncaughtExceptions.class);
        logger.addAppender(log);
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            UncaughtExceptions.install();
            UncaughtExceptions.install();
            Thread doomed = new Thread(() -> {
                throw new IllegalStateException("nobody caught this");
            }, "doomed-task");
            doomed.start();
            doomed.join(5000);

            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isInstanceOf(UncaughtExceptions.class);
            assertThat(log.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("doomed-task").contains("IllegalStateException");
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("nobody caught this");
            });
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
            logger.detachAppender(log);
        }
    }
}
