package dev.kontextbot.engine.review;

import java.awt.image.BufferedImage;

/**
 * An image's luminance at full resolution (0–255, Rec. 601 weights, transparent pixels over white). Every
 * measure reads this plane instead of the image: reading pixels through {@link BufferedImage#getRGB} is slow,
 * so it happens once per image.
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
        int w = image.getWidth();
        int h = image.getHeight();
        float[] values = new float[w * h];
        int[] argb = new int[w * Math.min(ROWS_PER_READ, h)];
        for (int y = 0; y < h; y += ROWS_PER_READ) {
            int rows = Math.min(ROWS_PER_READ, h - y);
            image.getRGB(0, y, w, rows, argb, 0, w);
            for (int i = 0; i < w * rows; i++) {
                values[y * w + i] = luma(argb[i]);
            }
        }
        return new LumaPlane(w, h, values);
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
