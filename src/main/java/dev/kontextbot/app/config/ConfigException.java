package dev.kontextbot.app.config;

/** A setting that stops start-up; the message names it and says what is wrong. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
