package dev.kontextbot.engine.model;

/** A parameter a person gave that cannot be used; the message is written for that person. */
public class InvalidParameterException extends IllegalArgumentException {
    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
