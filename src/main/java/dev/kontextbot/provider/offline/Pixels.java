package dev.kontextbot.provider.offline;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferInt;
import java.awt.image.Kernel;
import java.util.List;

/** Pixel work on TYPE_INT_RGB images; every method returns a new image and leaves its input alone. */
final class Pixels {
    private Pixels() {
    }

    interface ColourMap {
        int[] map(int r, int g, int b);
    }

    interface Mapping {
        int[] source(int x, int y, int width, int height);
    }

    static int luma(int r, int g, int b) {
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }

    static int[] data(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    static BufferedImage blank(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    static BufferedImage map(BufferedImage image, ColourMap colours) {
        BufferedImage out = blank(image.getWidth(), image.getHeight());
        int[] in = data(image);
        int[] target = data(out);
        for (int i = 0; i < in.length; i++) {
            int p = in[i];
            int[] c = colours.map((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
            target[i] = clamp(c[0]) << 16 | clamp(c[1]) << 8 | clamp(c[2]);
        }
        return out;
    }

    static BufferedImage transform(BufferedImage image, Mapping mapping, int outWidth, int outHeight) {
        BufferedImage out = blank(outWidth, outHeight);
        int[] in = data(image);
        int[] target = data(out);
        int w = image.getWidth();
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int[] s = mapping.source(x, y, outWidth, outHeight);
                target[y * outWidth + x] = in[s[1] * w + s[0]];
            }
        }
        return out;
    }

    static BufferedImage rotate(BufferedImage image, int degrees) {
        int w = image.getWidth();
        int h = image.getHeight();
        return switch (Math.floorMod(degrees, 360)) {
            case 90 -> transform(image, (x, y, ow, oh) -> new int[]{y, h - 1 - x}, h, w);
            case 180 -> transform(image, (x, y, ow, oh) -> new int[]{w - 1 - x, h - 1 - y}, w, h);
            case 270 -> transform(image, (x, y, ow, oh) -> new int[]{w - 1 - y, x}, h, w);
            default -> copy(image);
        };
    }

    static BufferedImage centreCrop(BufferedImage image, int ratioWidth, int ratioHeight) {
        int w = image.getWidth();
        int h = image.getHeight();
        int cropW = w;
        int cropH = (int) Math.round((double) w * ratioHeight / ratioWidth);
        if (cropH > h) {
            cropH = h;
            cropW = (int) Math.round((double) h * ratioWidth / ratioHeight);
        }
        int x0 = (w - cropW) / 2;
        int y0 = (h - cropH) / 2;
        return copy(image.getSubimage(x0, y0, Math.max(1, cropW), Math.max(1, cropH)));
    }

    static BufferedImage boxBlur(BufferedImage image, int radius) {
        int size = radius * 2 + 1;
        float[] row = new float[size];
        java.util.Arrays.fill(row, 1f / size);
        // Two 1-D passes cost 2·size per pixel instead of size².
        BufferedImage horizontal = convolve(image, new Kernel(size, 1, row));
        return convolve(horizontal, new Kernel(1, size, row));
    }

    static BufferedImage convolve(BufferedImage image, float[] kernel3x3) {
        return convolve(image, new Kernel(3, 3, kernel3x3));
    }

    private static BufferedImage convolve(BufferedImage image, Kernel kernel) {
        BufferedImage out = blank(image.getWidth(), image.getHeight());
        new ConvolveOp(kernel, ConvolveOp.EDGE_NO_OP, null).filter(image, out);
        return out;
    }

    static BufferedImage pixelate(BufferedImage image, int block) {
        BufferedImage out = blank(image.getWidth(), image.getHeight());
        int w = image.getWidth();
        int h = image.getHeight();
        int[] in = data(image);
        int[] target = data(out);
        for (int by = 0; by < h; by += block) {
            for (int bx = 0; bx < w; bx += block) {
                int colour = in[Math.min(h - 1, by + block / 2) * w + Math.min(w - 1, bx + block / 2)];
                for (int y = by; y < Math.min(h, by + block); y++) {
                    java.util.Arrays.fill(target, y * w + bx, y * w + Math.min(w, bx + block), colour);
                }
            }
        }
        return out;
    }

    static BufferedImage vignette(BufferedImage image, double amount) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = blank(w, h);
        int[] in = data(image);
        int[] target = data(out);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double maxDistance = Math.hypot(cx, cy);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - cx, y - cy) / maxDistance;
                double f = 1 - amount * d * d;
                int p = in[y * w + x];
                target[y * w + x] = clamp((int) (((p >> 16) & 0xff) * f)) << 16
                        | clamp((int) (((p >> 8) & 0xff) * f)) << 8 | clamp((int) ((p & 0xff) * f));
            }
        }
        return out;
    }

    /** Text on a dark band along the bottom, sized to the image, shrunk until it fits. */
    static BufferedImage caption(BufferedImage image, String text) {
        BufferedImage out = copy(image);
        int w = out.getWidth();
        int h = out.getHeight();
        int band = Math.max(12, h / 8);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0, 0, 0, 160));
            g.fillRect(0, h - band, w, band);
            int size = Math.max(8, band * 2 / 3);
            FontMetrics metrics;
            do {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
                metrics = g.getFontMetrics();
                size--;
            } while (metrics.stringWidth(text) > w - 8 && size > 6);
            g.setColor(Color.WHITE);
            int x = Math.max(4, (w - metrics.stringWidth(text)) / 2);
            int y = h - band + (band - metrics.getHeight()) / 2 + metrics.getAscent();
            g.drawString(text, x, y);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Resampled to {@code width}×{@code height}, bilinear: smooth enough for a preview, and the same pixels every time. */
    static BufferedImage scale(BufferedImage image, int width, int height) {
        BufferedImage out = blank(width, height);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code base} with {@code picture} drawn over it at (x, y), clipped to the base. */
    static BufferedImage paste(BufferedImage base, BufferedImage picture, int x, int y) {
        BufferedImage out = copy(base);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(picture, x, y, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The pictures left to right, top-aligned; the row is as high as the tallest. */
    static BufferedImage row(List<BufferedImage> pictures) {
        BufferedImage out = blank(pictures.stream().mapToInt(BufferedImage::getWidth).sum(),
                pictures.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow());
        Graphics2D g = out.createGraphics();
        try {
            int x = 0;
            for (BufferedImage picture : pictures) {
                g.drawImage(picture, x, 0, null);
                x += picture.getWidth();
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code picture} inside a {@code border}-px frame of {@code colour}. */
    static BufferedImage framed(BufferedImage picture, int border, Color colour) {
        BufferedImage out = blank(picture.getWidth() + 2 * border, picture.getHeight() + 2 * border);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(colour);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(picture, border, border, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A TYPE_INT_RGB copy; transparency is flattened onto white, so JPEG output never turns it black. */
    static BufferedImage copy(BufferedImage image) {
        BufferedImage out = blank(image.getWidth(), image.getHeight());
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static int clamp(int value) {
        return value < 0 ? 0 : Math.min(255, value);
    }
}
