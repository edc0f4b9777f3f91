package dev.kontextbot.engine.image;

import dev.kontextbot.engine.model.Rejected;

/** An upload that is not a usable image: why, as data for the adapter's words; the message is English for logs. */
public class UnusableImageException extends RuntimeException {
    private final transient Rejected rejected;

    public UnusableImageException(String message, Rejected rejected) {
        super(message);
        this.rejected = rejected;
    }

    public Rejected rejected() {
        return rejected;
    }
}
