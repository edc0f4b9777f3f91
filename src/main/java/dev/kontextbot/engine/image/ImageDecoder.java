package dev.kontextbot.engine.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
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

    private static BufferedImage read(byte[] bytes, int step) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(ImageHeaders::notAnImage);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnusableImageException("The " + format.label() + " image cannot be opened here, only passed on as it is.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
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
