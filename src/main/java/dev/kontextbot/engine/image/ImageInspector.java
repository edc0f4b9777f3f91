package dev.kontextbot.engine.image;

import dev.kontextbot.engine.model.Rejected;

/**
 * Tells what an upload is from its bytes (never from its name or declared type) and reads, without decoding
 * pixels, every size its headers declare (each GIF frame, APNG frame, JPEG frame, WebP frame, AVIF extent), so a
 * file that would make a decoder allocate 60k×60k pixels is refused before anything does. Its {@link #decoder()}
 * is the only way the bot turns bytes into pixels, under the same limit.
 */
public final class ImageInspector {
    private final long maxBytes;
    private final long maxPixels;
    private final ImageDecoder decoder;

    /** With a decoding budget sized from this JVM's heap: build one per process, and share it. */
    public ImageInspector(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, DecodingBudget.ofHeap(Runtime.getRuntime().maxMemory()));
    }

    public ImageInspector(long maxBytes, long maxPixels, DecodingBudget budget) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.decoder = new ImageDecoder(maxPixels, budget);
    }

    /** Decodes images within this inspector's pixel limit, sharing one budget of pixels in flight. */
    public ImageDecoder decoder() {
        return decoder;
    }

    public InspectedImage inspect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new UnusableImageException("The file is empty.", new Rejected.ImageEmpty());
        }
        if (bytes.length > maxBytes) {
            throw new UnusableImageException("The image is " + megabytes(bytes.length) + " MB; the limit is " + megabytes(maxBytes) + " MB.",
                    new Rejected.ImageTooLarge(bytes.length, maxBytes));
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(ImageHeaders::notAnImage);
        if (TrailingData.after(format, bytes) > TrailingData.TOLERATED) {
            throw new UnusableImageException("That " + format.label() + " carries extra data after the image; send a plain image file.",
                    new Rejected.ImageTrailingData(format.label()));
        }
        ImageHeader header = ImageHeaders.read(format, bytes);
        ImageHeaders.requireAtMost(header, maxPixels);
        return new InspectedImage(format, header.width(), header.height());
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }
}
