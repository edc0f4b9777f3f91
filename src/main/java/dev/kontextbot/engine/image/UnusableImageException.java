package dev.kontextbot.engine.image;

/** An upload that is not a usable image; the message is for the person who sent it. */
public class UnusableImageException extends RuntimeException {
    public UnusableImageException(String message) {
        super(message);
    }
}
