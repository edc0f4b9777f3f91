package dev.kontextbot.engine.image;

import dev.kontextbot.engine.image.HeaderBytes.Damaged;

/**
 * Whether a JPEG's first component is its luminance, read from the markers before its first frame header the way
 * libjpeg decides a file's colour space: one component is grey; three are YCbCr when a JFIF marker says so, or an
 * Adobe marker with transform 1, or (with neither) components numbered 1, 2, 3 whose chroma is subsampled. Anything
 * else (RGB, CMYK, YCCK, or a file the heuristics of libjpeg and Java's reader might read differently) is not.
 */
final class JpegColour {
    private static final int SOS = 0xDA;

    private JpegColour() {
    }

    static boolean lumaFirst(byte[] bytes) {
        HeaderBytes b = new HeaderBytes(bytes);
        try {
            boolean jfif = false;
            int adobeTransform = -1;
            int at = 2;
            while (at < b.length()) {
                while (b.u8(at) != 0xFF) {
                    at++;
                }
                while (b.u8(at) == 0xFF) {
                    at++;
                }
                int marker = b.u8(at++);
                if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue;
                }
                int length = b.u16be(at);
                b.need(at, length);
                if (marker == 0xE0 && length >= 7 && text(b, at + 2, "JFIF\0")) {
                    jfif = true;
                } else if (marker == 0xEE && length >= 14 && text(b, at + 2, "Adobe")) {
                    adobeTransform = b.u8(at + 13);
                } else if (frameHeader(marker)) {
                    return lumaFirst(b, at, jfif, adobeTransform);
                } else if (marker == SOS || marker == 0xD9) {
                    return false;
                }
                at += Math.max(2, length);
            }
            return false;
        } catch (Damaged e) {
            return false;
        }
    }

    private static boolean lumaFirst(HeaderBytes b, int frame, boolean jfif, int adobeTransform) throws Damaged {
        int components = b.u8(frame + 7);
        if (components == 1) {
            return true;
        }
        if (components != 3) {
            return false;
        }
        if (jfif || adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        int lumaSampling = b.u8(frame + 9);
        boolean subsampled = false;
        for (int c = 0; c < 3; c++) {
            if (b.u8(frame + 8 + 3 * c) != c + 1) {
                return false;
            }
            subsampled |= c > 0 && b.u8(frame + 9 + 3 * c) != lumaSampling;
        }
        return subsampled;
    }

    private static boolean text(HeaderBytes b, int at, String expected) throws Damaged {
        for (int i = 0; i < expected.length(); i++) {
            if (b.u8(at + i) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean frameHeader(int marker) {
        return (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) || marker == 0xDE;
    }
}
