package dev.kontextbot.provider.offline;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One step of an offline edit, applied in the order written: an {@link Operation} works on the picture alone, a
 * {@link Composition} brings in other images of the turn. {@code strength} (about 0.8–1.2) comes from the variant's
 * seed, so variants of one turn differ visibly while the same seed always gives the same pixels.
 */
sealed interface Edit permits Operation, Composition {

    /** {@code image}: image 1 as the steps before this one left it; {@code references}: images 2..N as given. */
    BufferedImage apply(BufferedImage image, References references, double strength);

    /** What an edit does to colour, so the per-seed variation never brings back colour an instruction took out. */
    enum Colour { KEEPS, REMOVES, ADDS }

    default Colour colour() {
        return Colour.KEEPS;
    }

    /** Whether the image is left grey: a colour-removing edit with no colour-adding one after it. */
    static boolean leavesGrey(List<? extends Edit> edits) {
        Colour last = Colour.KEEPS;
        for (Edit edit : edits) {
            if (edit.colour() != Colour.KEEPS) {
                last = edit.colour();
            }
        }
        return last == Colour.REMOVES;
    }
}
