package dev.kontextbot.testing;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Photograph-like pictures whose relation is known: a landscape drawn from a seed (sky, sun, hills, a
 * house, trees, film grain), and the usual edits of it.
 */
public final class Scenes {
    private Scenes() {
    }

    public static BufferedImage landscape(long seed, int width, int height) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(60 + random.nextInt(60), 110 + random.nextInt(60), 200),
                    0, height * 0.6f, new Color(200, 220, 240)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(255, 220, 120));
            int sun = height / 6;
            g.fillOval(random.nextInt(width - sun), random.nextInt(height / 3), sun, sun);
            for (int layer = 0; layer < 3; layer++) {
                Polygon hills = new Polygon();
                hills.addPoint(0, height);
                double phase = random.nextDouble() * 6;
                double frequency = 1.5 + random.nextDouble() * 3;
                int base = (int) (height * (0.45 + 0.12 * layer));
                for (int x = 0; x <= width; x += 4) {
                    hills.addPoint(x, base + (int) (height * 0.08 * Math.sin(phase + frequency * x / width * Math.PI)));
                }
                hills.addPoint(width, height);
                g.setColor(new Color(40 + 30 * layer, 90 + 25 * layer + random.nextInt(30), 50 + 10 * layer));
                g.fillPolygon(hills);
            }
            int hx = width / 8 + random.nextInt(width / 2);
            int hy = (int) (height * 0.55);
            int hw = width / 5;
            g.setColor(new Color(180, 70, 50));
            g.fillRect(hx, hy, hw, hw * 3 / 4);
            g.setColor(new Color(90, 40, 30));
            g.fillPolygon(new int[]{hx - 8, hx + hw / 2, hx + hw + 8}, new int[]{hy, hy - hw / 2, hy}, 3);
            g.setColor(new Color(250, 240, 200));
            g.fillRect(hx + hw / 5, hy + hw / 6, hw / 5, hw / 5);
            g.fillRect(hx + 3 * hw / 5, hy + hw / 6, hw / 5, hw / 5);
            for (int t = 0; t < 6; t++) {
                int tx = random.nextInt(width);
                int ty = (int) (height * (0.6 + random.nextDouble() * 0.3));
                int size = height / 12 + random.nextInt(height / 10);
                g.setColor(new Color(20, 70 + random.nextInt(50), 30));
                g.fillOval(tx - size / 2, ty - size, size, size);
                g.setColor(new Color(70, 45, 25));
                g.setStroke(new BasicStroke(Math.max(2, size / 8f)));
                g.drawLine(tx, ty - size / 3, tx, ty + size / 3);
            }
        } finally {
            g.dispose();
        }
        grain(image, random, 6);
        return image;
    }

    public static BufferedImage tinted(BufferedImage image, Color tint, double amount) {
        BufferedImage out = copy(image);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int rgb = out.getRGB(x, y);
                int r = mix((rgb >> 16) & 0xff, tint.getRed(), amount);
                int gr = mix((rgb >> 8) & 0xff, tint.getGreen(), amount);
                int b = mix(rgb & 0xff, tint.getBlue(), amount);
                out.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return out;
    }

    /** A box blur of the given radius. */
    public static BufferedImage blurred(BufferedImage image, int radius) {
        BufferedImage out = copy(image);
        int w = image.getWidth();
        int h = image.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int gr = 0;
                int b = 0;
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int sx = Math.max(0, Math.min(w - 1, x + dx));
                        int sy = Math.max(0, Math.min(h - 1, y + dy));
                        int rgb = image.getRGB(sx, sy);
                        r += (rgb >> 16) & 0xff;
                        gr += (rgb >> 8) & 0xff;
                        b += rgb & 0xff;
                        n++;
                    }
                }
                out.setRGB(x, y, (r / n) << 16 | (gr / n) << 8 | (b / n));
            }
        }
        return out;
    }

    public static BufferedImage captioned(BufferedImage image, String text) {
        BufferedImage out = copy(image);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int band = out.getHeight() / 8;
            g.setColor(new Color(0, 0, 0, 160));
            g.fillRect(0, out.getHeight() - band, out.getWidth(), band);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, band * 2 / 3));
            g.drawString(text, band / 2, out.getHeight() - band / 4);
        } finally {
            g.dispose();
        }
        return out;
    }

    public static BufferedImage flat(int width, int height, Color colour) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(colour);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return out;
    }

    public static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    public static BufferedImage noisy(BufferedImage image, long seed, int amplitude) {
        BufferedImage out = copy(image);
        grain(out, new SplittableRandom(seed), amplitude);
        return out;
    }

    /** The picture through a JPEG encoder at {@code quality} (0–1) and back. */
    public static BufferedImage jpeg(BufferedImage image, float quality) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpegBytes(image, quality)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The picture as a JPEG file (JFIF, YCbCr) at {@code quality} (0–1). */
    public static byte[] jpegBytes(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void grain(BufferedImage image, SplittableRandom random, int amplitude) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int d = random.nextInt(2 * amplitude + 1) - amplitude;
                image.setRGB(x, y, clamp(((rgb >> 16) & 0xff) + d) << 16 | clamp(((rgb >> 8) & 0xff) + d) << 8 | clamp((rgb & 0xff) + d));
            }
        }
    }

    private static int mix(int value, int target, double amount) {
        return clamp((int) Math.round(value * (1 - amount) + target * amount));
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
