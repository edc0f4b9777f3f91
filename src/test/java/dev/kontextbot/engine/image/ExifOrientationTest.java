package dev.kontextbot.engine.image;

import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ExifOrientationTest {

    /** 40×20, left half red, right half blue, as a JPEG whose EXIF says {@code orientation}. */
    static byte[] sidewaysJpeg(int orientation, boolean littleEndian) {
        byte[] jpeg = TestImages.encode(TestImages.drawn(40, 20, (x, y) -> x < 20 ? 0xE01010 : 0x1010E0), "jpg");
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        exif.writeBytes(new byte[]{'E', 'x', 'i', 'f', 0, 0});
        exif.writeBytes(littleEndian ? new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0} : new byte[]{'M', 'M', 0, 42, 0, 0, 0, 8});
        exif.writeBytes(littleEndian ? new byte[]{1, 0} : new byte[]{0, 1});
        exif.writeBytes(littleEndian ? new byte[]{0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0}
                : new byte[]{0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0});
        exif.writeBytes(new byte[]{0, 0, 0, 0});
        byte[] app1 = exif.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) ((app1.length + 2) >> 8), (byte) (app1.length + 2)});
        out.writeBytes(app1);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static BufferedImage upright(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(ExifOrientation.uprightPng(jpeg, TestImages.decoder()).orElseThrow()));
    }

    private static boolean red(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return ((p >> 16) & 0xff) > 150 && (p & 0xff) < 100;
    }

    @Test
    void readsTheOrientationInEitherByteOrder() {
        assertThat(ExifOrientation.of(sidewaysJpeg(6, false))).isEqualTo(6);
        assertThat(ExifOrientation.of(sidewaysJpeg(8, true))).isEqualTo(8);
        assertThat(ExifOrientation.of(TestImages.encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "jpg"))).isEqualTo(1);
    }

    @Test
    void turnsSidewaysPhotosUpright() throws IOException {
        BufferedImage six = upright(sidewaysJpeg(6, false));
        assertThat(six.getWidth()).isEqualTo(20);
        assertThat(six.getHeight()).isEqualTo(40);
        assertThat(red(six, 10, 5)).as("rotated clockwise: the left half is on top").isTrue();
        assertThat(red(six, 10, 35)).isFalse();

        BufferedImage eight = upright(sidewaysJpeg(8, true));
        assertThat(red(eight, 10, 35)).as("rotated counter-clockwise: the left half is at the bottom").isTrue();

        BufferedImage three = upright(sidewaysJpeg(3, false));
        assertThat(three.getWidth()).isEqualTo(40);
        assertThat(red(three, 35, 10)).as("upside down: the left half is on the right").isTrue();

        BufferedImage two = upright(sidewaysJpeg(2, false));
        assertThat(red(two, 35, 10)).isTrue();
        BufferedImage five = upright(sidewaysJpeg(5, false));
        assertThat(red(five, 10, 5)).as("transposed: the left half is on top").isTrue();
        BufferedImage seven = upright(sidewaysJpeg(7, false));
        assertThat(red(seven, 10, 35)).as("transversed: the left half is at the bottom").isTrue();
    }

    @Test
    void anUprightPhotoIsKeptAsItIs() {
        assertThat(ExifOrientation.uprightPng(sidewaysJpeg(1, false), TestImages.decoder())).isEmpty();
    }
}
