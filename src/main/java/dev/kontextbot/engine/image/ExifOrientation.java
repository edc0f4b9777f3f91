package dev.kontextbot.engine.image;

import javax.imageio.ImageIO;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Phones store photos sideways and say so in EXIF (tag 0x0112); providers and our editor read pixels, not tags.
 * A JPEG whose orientation is not "upright" is turned upright once, at intake, and kept as a lossless PNG.
 */
public final class ExifOrientation {
    private ExifOrientation() {
    }

    /** The EXIF orientation (1–8) of a JPEG, 1 when it has none. */
    public static int of(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length && (jpeg[i] & 0xff) == 0xFF) {
            int marker = jpeg[i + 1] & 0xff;
            int length = (jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff);
            if (marker == 0xE1 && i + 10 < jpeg.length && new String(jpeg, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("Exif")) {
                return orientationInTiff(jpeg, i + 10, Math.min(jpeg.length, i + 2 + length));
            }
            if (marker == 0xDA || length < 2) {
                break;
            }
            i += 2 + length;
        }
        return 1;
    }

    private static int orientationInTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little = b[tiff] == 'I';
        int ifd = tiff + read32(b, tiff + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = read16(b, ifd, little);
        for (int e = 0; e < entries; e++) {
            int entry = ifd + 2 + e * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (read16(b, entry, little) == 0x0112) {
                int value = read16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** The image turned upright as a PNG, or empty when it already is (or Java cannot decode it, as a CMYK JPEG). */
    public static Optional<byte[]> uprightPng(byte[] jpeg, ImageDecoder decoder) {
        int orientation = of(jpeg);
        if (orientation == 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(jpeg, image -> png(transform(image, orientation))));
        } catch (UnusableImageException e) {
            // Providers read such a JPEG as it is: it is kept sideways rather than refused.
            return Optional.empty();
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail for I/O reasons", e);
        }
        return out.toByteArray();
    }

    private static BufferedImage transform(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(Math.PI / 2); t.scale(1, -1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        boolean swaps = orientation >= 5;
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(toRgb(image), out);
        return out;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        // Pixels copied through the colour model, not drawn: the engine does no Java2D drawing (ArchitectureTest).
        int width = image.getWidth();
        BufferedImage rgb = new BufferedImage(width, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, width, image.getHeight(), image.getRGB(0, 0, width, image.getHeight(), null, 0, width), 0, width);
        return rgb;
    }

    private static int read16(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int read32(byte[] b, int at, boolean little) {
        return little ? read16(b, at, true) | read16(b, at + 2, true) << 16 : read16(b, at, false) << 16 | read16(b, at + 2, false);
    }
}
