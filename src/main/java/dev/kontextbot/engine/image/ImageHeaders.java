package dev.kontextbot.engine.image;

import dev.kontextbot.engine.model.Rejected;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what decoding an image will allocate from its headers alone, for every format we accept, and says in the
 * person's words why an image is refused: damaged, or larger than the limit. The one place both sentences live.
 */
public final class ImageHeaders {
    private static final Logger log = LoggerFactory.getLogger(ImageHeaders.class);

    private ImageHeaders() {
    }

    /** The headers of an image already recognised as {@code format}; throws when they are damaged or cut short. */
    public static ImageHeader read(ImageFormat format, byte[] bytes) {
        HeaderBytes b = new HeaderBytes(bytes);
        try {
            return switch (format) {
                case PNG -> PngChunks.read(b);
                case GIF -> GifBlocks.read(b);
                case JPEG -> JpegMarkers.read(b);
                case WEBP -> WebpChunks.read(b);
                case AVIF -> AvifBoxes.read(b);
            };
        } catch (HeaderBytes.Damaged e) {
            log.debug("{} of {} bytes refused: {}", format, bytes.length, e.getMessage());
            throw damaged(format);
        }
    }

    public static UnusableImageException notAnImage() {
        return new UnusableImageException("That file is not an image I can use. Send a JPG, PNG, WebP, GIF or AVIF image.", new Rejected.NotAnImage());
    }

    public static UnusableImageException damaged(ImageFormat format) {
        return new UnusableImageException("The " + format.label() + " image is damaged or unreadable (perhaps it was cut off"
                + " while uploading); send it again, or another file.", new Rejected.ImageDamaged(format.label()));
    }

    /** Refuses an image whose largest frame is over {@code maxPixels}. */
    public static void requireAtMost(ImageHeader header, long maxPixels) {
        if (header.largestPixels() > maxPixels) {
            throw new UnusableImageException("The image is " + header.largestWidth() + "×" + header.largestHeight()
                    + " pixels; the limit is " + maxPixels / 1_000_000 + " megapixels.",
                    new Rejected.ImageTooManyPixels(header.largestWidth(), header.largestHeight(), maxPixels / 1_000_000));
        }
    }
}
