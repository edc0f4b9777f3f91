package dev.kontextbot.app;

/** Something the environment lacks at start-up (a busy port, an unwritable data directory), said plainly. */
public class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
