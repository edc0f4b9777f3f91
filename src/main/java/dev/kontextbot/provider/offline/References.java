package dev.kontextbot.provider.offline;

import java.awt.image.BufferedImage;
import java.util.Map;

/** {@code count}: the images of the turn; {@code pictures}: those of images 2..N its compositions use, decoded, by number. */
record References(int count, Map<Integer, BufferedImage> pictures) {

    References {
        pictures = Map.copyOf(pictures);
    }

    /** Image {@code number}: 1 is {@code image}, the edited one as the steps so far left it. */
    BufferedImage picture(int number, BufferedImage image) {
        if (number == 1) {
            return image;
        }
        BufferedImage picture = pictures.get(number);
        if (picture == null) {
            // Plan only keeps compositions whose images the turn has, and the editor decodes each one it keeps.
            throw new IllegalStateException("image " + number + " was not decoded for this turn");
        }
        return picture;
    }
}
