package dev.kontextbot.engine.port;

/**
 * The bytes of an input image, read only when a provider asks for them (a turn that sends URLs reads none). A read that
 * fails throws {@link UnreadableImage}, whose message is for the person.
 */
@FunctionalInterface
public interface ImageBytes {
    byte[] read();

    static ImageBytes of(byte[] bytes) {
        return () -> bytes;
    }

    /** The image store could not give an input back; the engine ends the turn with this message. */
    final class UnreadableImage extends RuntimeException {
        public UnreadableImage(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
