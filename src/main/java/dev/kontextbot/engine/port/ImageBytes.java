package dev.kontextbot.engine.port;

/**
 * The bytes of an input image, read only when a provider asks for them (a turn that sends URLs reads none). A read that
 * fails throws {@link UnreadableImage}, which says which image of the turn it is.
 */
@FunctionalInterface
public interface ImageBytes {
    byte[] read();

    static ImageBytes of(byte[] bytes) {
        return () -> bytes;
    }

    /**
     * The image store could not give input {@code number} of a turn back (1: the image to edit); the engine ends the
     * turn for it ({@code TurnFailure.InputUnreadable}). The message is for logs.
     */
    final class UnreadableImage extends RuntimeException {
        private final int number;

        public UnreadableImage(int number, Throwable cause) {
            super("image " + number + " of the turn could not be read back from the image store", cause);
            this.number = number;
        }

        public int number() {
            return number;
        }
    }
}
