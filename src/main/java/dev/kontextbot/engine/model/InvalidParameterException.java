package dev.kontextbot.engine.model;

import java.util.Optional;

/**
 * A parameter a person gave that cannot be used. With a typed {@link Rejected} the adapter words it (the message is
 * then English for logs); without one the message is already written for that person.
 */
public class InvalidParameterException extends IllegalArgumentException {
    private final String parameter;
    private final transient Rejected rejected;

    public InvalidParameterException(String parameter, String message) {
        this(parameter, message, null);
    }

    public InvalidParameterException(String parameter, String message, Rejected rejected) {
        super(message);
        this.parameter = parameter;
        this.rejected = rejected;
    }

    public String parameter() {
        return parameter;
    }

    /** Why, as data, when the engine knows it: the adapter says it in the person's words. */
    public Optional<Rejected> rejected() {
        return Optional.ofNullable(rejected);
    }
}
