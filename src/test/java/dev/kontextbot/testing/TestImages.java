package dev.kontextbot.testing;

import dev.kontextbot.engine.image.DecodingBudget;
import dev.kontextbot.engine.image.ImageDecoder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes pictures that tests draw, so each test states only the pixels it cares about. */
public final class TestImages {
    private TestImages() {
    }

    /** A decoder for tests that decode a few small pictures: its own budget, generous limits. */
    public static ImageDecoder decoder() {
        return new ImageDecoder(100_000_000L, new DecodingBudget(100_000_000L));
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A width×height picture whose pixel (x, y) is {@code rgb(x, y)}. */
    public static BufferedImage drawn(int width, int height, java.util.function.IntBinaryOperator rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return image;
    }
}
