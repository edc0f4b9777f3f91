package dev.kontextbot.engine.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Tells what an upload is from its bytes (never from its name or declared type) and reads its size from the
 * header without decoding pixels, so a file that declares 60k×60k pixels is refused before anything
 * allocates them.
 */
public final class ImageInspector {
    private final long maxBytes;
    private final long maxPixels;

    public ImageInspector(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    public InspectedImage inspect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new UnusableImageException("The file is empty.");
        }
        if (bytes.length > maxBytes) {
            throw new UnusableImageException("The image is " + megabytes(bytes.length) + " MB; the limit is " + megabytes(maxBytes) + " MB.");
        }
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new UnusableImageException(
                        "That file is not an image I can use. Send a JPG, PNG, WebP, GIF or AVIF image."));
        if (TrailingData.after(format, bytes) > TrailingData.TOLERATED) {
            throw new UnusableImageException("That " + format.label() + " carries extra data after the image; send a plain image file.");
        }
        int[] size = dimensions(format, bytes);
        if (size[0] <= 0 || size[1] <= 0) {
            throw new UnusableImageException("The " + format.label() + " image is damaged: its size cannot be read.");
        }
        if ((long) size[0] * size[1] > maxPixels) {
            throw new UnusableImageException("The image is " + size[0] + "×" + size[1] + " pixels; the limit is "
                    + maxPixels / 1_000_000 + " megapixels.");
        }
        return new InspectedImage(format, size[0], size[1]);
    }

    private static int[] dimensions(ImageFormat format, byte[] b) {
        return switch (format) {
            case PNG -> b.length >= 24 ? new int[]{int32(b, 16), int32(b, 20)} : new int[]{0, 0};
            case GIF -> b.length >= 10 ? new int[]{u16le(b, 6), u16le(b, 8)} : new int[]{0, 0};
            case WEBP -> webpSize(b);
            case AVIF -> avifSize(b);
            case JPEG -> imageIoSize(b);
        };
    }

    private static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return new int[]{0, 0};
        }
        String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8X" -> new int[]{1 + u24le(b, 24), 1 + u24le(b, 27)};
            case "VP8L" -> {
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                yield new int[]{1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)};
            }
            case "VP8 " -> new int[]{u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff};
            default -> new int[]{0, 0};
        };
    }

    /** The 'ispe' property box holds an AVIF's image size; decoding AVIF itself needs a codec we do not ship. */
    private static int[] avifSize(byte[] b) {
        byte[] ispe = "ispe".getBytes(StandardCharsets.US_ASCII);
        int limit = Math.min(b.length, 64 * 1024) - 16;
        for (int i = 4; i < limit; i++) {
            if (Arrays.equals(b, i, i + 4, ispe, 0, 4)) {
                return new int[]{int32(b, i + 8), int32(b, i + 12)};
            }
        }
        return new int[]{0, 0};
    }

    private static int[] imageIoSize(byte[] b) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new int[]{0, 0};
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A header ImageIO cannot parse is a damaged upload; the caller turns {0,0} into that message.
            return new int[]{0, 0};
        }
    }

    private static int int32(byte[] b, int at) {
        long value = (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        return value > Integer.MAX_VALUE ? 0 : (int) value;
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u24le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }
}
