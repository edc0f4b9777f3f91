package dev.kontextbot.engine.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The formats Kontext accepts, recognised by their magic bytes. */
public enum ImageFormat {
    JPEG("JPG", "image/jpeg"),
    PNG("PNG", "image/png"),
    GIF("GIF", "image/gif"),
    WEBP("WebP", "image/webp"),
    AVIF("AVIF", "image/avif");

    private final String label;
    private final String mime;

    ImageFormat(String label, String mime) {
        this.label = label;
        this.mime = mime;
    }

    public String label() {
        return label;
    }

    public String mime() {
        return mime;
    }

    public static Optional<ImageFormat> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && ascii(b, 1, 3).equals("PNG") && b[4] == 0x0D && b[5] == 0x0A
                && b[6] == 0x1A && b[7] == 0x0A) {
            return Optional.of(PNG);
        }
        if (b.length >= 6 && (ascii(b, 0, 6).equals("GIF87a") || ascii(b, 0, 6).equals("GIF89a"))) {
            return Optional.of(GIF);
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return Optional.of(WEBP);
        }
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp") && (ascii(b, 8, 4).equals("avif") || ascii(b, 8, 4).equals("avis"))) {
            return Optional.of(AVIF);
        }
        return Optional.empty();
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }
}
