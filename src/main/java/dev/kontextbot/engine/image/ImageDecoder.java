package dev.kontextbot.engine.image;

import dev.kontextbot.engine.model.Rejected;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way bytes become pixels: the headers are read first and the largest declared frame is held to the
 * pixel limit (an image stored before a limit was lowered, or a provider's result, is checked again), then the
 * decoded pixels are counted against the shared {@link DecodingBudget} while the caller works on the picture.
 * Damaged files and formats Java cannot decode (WebP, AVIF) become an {@link UnusableImageException}.
 */
public final class ImageDecoder {
    private final long maxPixels;
    private final DecodingBudget budget;

    public ImageDecoder(long maxPixels, DecodingBudget budget) {
        this.maxPixels = maxPixels;
        this.budget = budget;
    }

    /** The headers of an image, checked against the limit; nothing is decoded. */
    public ImageHeader header(byte[] bytes) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(ImageHeaders::notAnImage);
        ImageHeader header = ImageHeaders.read(format, bytes);
        ImageHeaders.requireAtMost(header, maxPixels);
        return header;
    }

    /** Decodes the first frame in full and hands it to {@code use}; the budget is held until {@code use} returns. */
    public <T> T decode(byte[] bytes, Function<BufferedImage, T> use) {
        return decode(bytes, 1, use);
    }

    /** Decodes every {@code step}-th pixel of each row and column (a cheap preview of a large picture). */
    public <T> T decode(byte[] bytes, int step, Function<BufferedImage, T> use) {
        if (step < 1) {
            throw new IllegalArgumentException("a subsampling step is at least 1");
        }
        ImageHeader header = header(bytes);
        long decoded = ceilDiv(header.largestWidth(), step) * ceilDiv(header.largestHeight(), step);
        try (DecodingBudget.Share ignored = budget.take(decoded)) {
            return use.apply(read(bytes, step));
        }
    }

    /**
     * The first frame's luminance, when the image is a JPEG stored as YCbCr or grey: its own Y channel, band 0 of the
     * raster handed to {@code use}, one byte a pixel with Rec. 601's weights. It is read without the conversion to RGB
     * and without the copy into an RGB picture, which a full decode spends a third of its time on; the luminance of the
     * converted pixels differs from it only by rounding (a fifth of a level on average on a 2-megapixel photo) and where
     * conversion clips a saturated colour. Empty, having decoded nothing, for any other image: decode those in full.
     */
    public <T> Optional<T> decodeJpegLuma(byte[] bytes, Function<Raster, T> use) {
        ImageHeader header = header(bytes);
        if (ImageFormat.sniff(bytes).orElseThrow(ImageHeaders::notAnImage) != ImageFormat.JPEG || !JpegColour.lumaFirst(bytes)) {
            return Optional.empty();
        }
        try (DecodingBudget.Share ignored = budget.take((long) header.largestWidth() * header.largestHeight())) {
            // The raster comes as the file stores it: no colour conversion, all components (only the first is read).
            return Optional.of(use.apply(withReader(bytes, reader -> reader.readRaster(0, reader.getDefaultReadParam()))));
        }
    }

    private static BufferedImage read(byte[] bytes, int step) {
        return withReader(bytes, reader -> {
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            return reader.read(0, param);
        });
    }

    private interface Reading<T> {
        T from(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(byte[] bytes, Reading<T> reading) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(ImageHeaders::notAnImage);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnusableImageException("The " + format.label() + " image cannot be opened here, only passed on as it is.",
                        new Rejected.ImageCannotOpen(format.label()));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return reading.from(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnusableImageException unusable) {
                throw unusable;
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof VirtualMachineError error) {
                    // ImageIO's PNG reader wraps even an OutOfMemoryError: that is not a damaged file.
                    throw error;
                }
            }
            // ImageIO throws assorted runtime exceptions on corrupt data; all of them mean the same to a person.
            UnusableImageException damaged = ImageHeaders.damaged(format);
            damaged.initCause(e);
            throw damaged;
        }
    }

    private static long ceilDiv(int side, int step) {
        return (side + (long) step - 1) / step;
    }
}
