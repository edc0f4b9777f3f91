package dev.kontextbot.engine.review;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * An image's luminance at full resolution (0–255, Rec. 601 weights, transparent pixels over white). Every
 * measure reads this plane instead of the image, so pixels are read once per image. The layouts ImageIO decodes
 * JPEG and PNG into are read in bulk, rows at a time: {@link BufferedImage#getRGB} converts pixel by pixel and
 * took two thirds of a score's time on a 2-megapixel photo. Other layouts go through it.
 */
final class LumaPlane {
    private static final int ROWS_PER_READ = 64;

    private final int width;
    private final int height;
    private final float[] values;

    private LumaPlane(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.values = values;
    }

    static LumaPlane of(BufferedImage image) {
        float[] values = new float[image.getWidth() * image.getHeight()];
        switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> readBytes(image, 3, values);
            case BufferedImage.TYPE_4BYTE_ABGR -> readBytes(image, 4, values);
            case BufferedImage.TYPE_INT_RGB -> readInts(image, 0xff000000, values);
            case BufferedImage.TYPE_INT_ARGB -> readInts(image, 0, values);
            default -> readRgb(image, values);
        }
        return new LumaPlane(image.getWidth(), image.getHeight(), values);
    }

    /** Interleaved bytes: the raster hands each pixel's bands over in band order, red, green, blue (and alpha). */
    private static void readBytes(BufferedImage image, int bands, float[] values) {
        WritableRaster raster = image.getRaster();
        int w = image.getWidth();
        byte[] pixels = new byte[w * bands * Math.min(ROWS_PER_READ, image.getHeight())];
        for (int y = 0; y < image.getHeight(); y += ROWS_PER_READ) {
            int rows = Math.min(ROWS_PER_READ, image.getHeight() - y);
            raster.getDataElements(0, y, w, rows, pixels);
            for (int i = 0, p = 0; i < w * rows; i++, p += bands) {
                int alpha = bands == 4 ? pixels[p + 3] & 0xff : 0xff;
                values[y * w + i] = luma(alpha << 24 | (pixels[p] & 0xff) << 16 | (pixels[p + 1] & 0xff) << 8 | (pixels[p + 2] & 0xff));
            }
        }
    }

    /** Packed ints; {@code opaque} sets the alpha bits a layout without alpha leaves at zero. */
    private static void readInts(BufferedImage image, int opaque, float[] values) {
        WritableRaster raster = image.getRaster();
        int w = image.getWidth();
        int[] pixels = new int[w * Math.min(ROWS_PER_READ, image.getHeight())];
        for (int y = 0; y < image.getHeight(); y += ROWS_PER_READ) {
            int rows = Math.min(ROWS_PER_READ, image.getHeight() - y);
            raster.getDataElements(0, y, w, rows, pixels);
            for (int i = 0; i < w * rows; i++) {
                values[y * w + i] = luma(pixels[i] | opaque);
            }
        }
    }

    private static void readRgb(BufferedImage image, float[] values) {
        int w = image.getWidth();
        int[] argb = new int[w * Math.min(ROWS_PER_READ, image.getHeight())];
        for (int y = 0; y < image.getHeight(); y += ROWS_PER_READ) {
            int rows = Math.min(ROWS_PER_READ, image.getHeight() - y);
            image.getRGB(0, y, w, rows, argb, 0, w);
            for (int i = 0; i < w * rows; i++) {
                values[y * w + i] = luma(argb[i]);
            }
        }
    }

    static float luma(int argb) {
        float alpha = ((argb >>> 24) & 0xff) / 255f;
        float y = 0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff);
        return alpha * y + (1 - alpha) * 255f;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    float at(int x, int y) {
        return values[y * width + x];
    }

    Region whole() {
        return new Region(0, 0, width, height);
    }
}
