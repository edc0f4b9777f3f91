package dev.kontextbot.bench;

import dev.kontextbot.testing.TestImages;

import java.nio.charset.StandardCharsets;

/** Benchmark pictures: a 2-megapixel JPEG with photo-like detail, and copies of it made distinct by a comment. */
final class Photos {
    static final int WIDTH = 1632;
    static final int HEIGHT = 1224;

    private Photos() {
    }

    /** 1632×1224 (2.0 MP): gradients with fine texture, so it compresses like a photo rather than a flat drawing. */
    static byte[] twoMegapixelJpeg() {
        return TestImages.encode(TestImages.drawn(WIDTH, HEIGHT, (x, y) -> {
            int grain = (x * 7919 ^ y * 104_729) * 31 >>> 27;
            int r = Math.min(255, x * 255 / WIDTH + grain);
            int g = Math.min(255, y * 255 / HEIGHT + grain);
            int b = Math.min(255, ((x + y) & 255) / 2 + grain * 2);
            return r << 16 | g << 8 | b;
        }), "jpg");
    }

    /**
     * 1632×1224 with per-pixel sensor-like noise (seeded), so it weighs nearer what a camera photo does as a JPEG
     * (494 KB, not the 80 KB of {@link #twoMegapixelJpeg()}): what a refine would upload as the head image.
     */
    static byte[] cameraLikeJpeg(long seed) {
        java.util.Random noise = new java.util.Random(seed);
        return TestImages.encode(TestImages.drawn(WIDTH, HEIGHT, (x, y) -> {
            int grain = noise.nextInt(48) - 24;
            int r = clamp(x * 255 / WIDTH + grain);
            int g = clamp(y * 255 / HEIGHT + grain);
            int b = clamp(((x + y) & 255) / 2 + 64 + grain);
            return r << 16 | g << 8 | b;
        }), "jpg");
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /** The same picture with a JPEG comment naming {@code tag} right after its start: different bytes, same pixels. */
    static byte[] tagged(byte[] jpeg, String tag) {
        byte[] text = tag.getBytes(StandardCharsets.US_ASCII);
        int length = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }
}
