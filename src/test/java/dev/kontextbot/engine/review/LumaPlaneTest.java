package dev.kontextbot.engine.review;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The bulk reads give every pixel exactly the luminance that reading it through getRGB gives. */
class LumaPlaneTest {
    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_565_RGB})
    void eachLayoutReadsAsGetRgbDoes(int type) {
        BufferedImage image = noise(type, 150, 131);

        assertSameAsGetRgb(image, LumaPlane.of(image));
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR})
    void aCutOutOfALargerPictureReadsItsOwnPixels(int type) {
        BufferedImage part = noise(type, 200, 170).getSubimage(37, 21, 101, 90);

        assertSameAsGetRgb(part, LumaPlane.of(part));
    }

    private static void assertSameAsGetRgb(BufferedImage image, LumaPlane plane) {
        assertThat(plane.width()).isEqualTo(image.getWidth());
        assertThat(plane.height()).isEqualTo(image.getHeight());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (plane.at(x, y) != LumaPlane.luma(image.getRGB(x, y))) {
                    throw new AssertionError("pixel " + x + "," + y + ": " + plane.at(x, y) + " instead of " + LumaPlane.luma(image.getRGB(x, y)));
                }
            }
        }
    }

    /** Every channel different at every pixel, alpha included, so a swapped band or a wrong offset shows. */
    private static BufferedImage noise(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
