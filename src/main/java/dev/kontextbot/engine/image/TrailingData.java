package dev.kontextbot.engine.image;

/**
 * Finds where a PNG, GIF or JPEG really ends. Bytes after that are how polyglots hide an archive, a script or a
 * page inside a valid-looking image; a few bytes of padding are tolerated, more are refused.
 */
final class TrailingData {
    static final int TOLERATED = 64;

    private TrailingData() {
    }

    /** Bytes after the image's end marker, or 0 when the format's end cannot be told (WebP/AVIF carry their sizes). */
    static int after(ImageFormat format, byte[] b) {
        return switch (format) {
            case PNG -> afterPngEnd(b);
            case JPEG -> afterLast(b, new byte[]{(byte) 0xFF, (byte) 0xD9});
            case GIF -> b.length > 0 && b[b.length - 1] == 0x3B ? 0 : afterLast(b, new byte[]{0x00, 0x3B});
            case WEBP -> Math.max(0, b.length - 8 - riffSize(b));
            case AVIF -> 0;
        };
    }

    private static int afterPngEnd(byte[] b) {
        byte[] iend = {'I', 'E', 'N', 'D'};
        for (int i = b.length - 8; i >= 8; i--) {
            if (b[i] == iend[0] && b[i + 1] == iend[1] && b[i + 2] == iend[2] && b[i + 3] == iend[3]) {
                return Math.max(0, b.length - (i + 8));
            }
        }
        return 0;
    }

    /** After the last occurrence of {@code marker}; an image without it is left to the decoder to judge. */
    private static int afterLast(byte[] b, byte[] marker) {
        for (int i = b.length - marker.length; i >= 0; i--) {
            if (b[i] == marker[0] && b[i + 1] == marker[1]) {
                return b.length - (i + marker.length);
            }
        }
        return 0;
    }

    private static int riffSize(byte[] b) {
        return b.length < 8 ? b.length : (b[4] & 0xff) | (b[5] & 0xff) << 8 | (b[6] & 0xff) << 16 | (b[7] & 0xff) << 24;
    }
}
