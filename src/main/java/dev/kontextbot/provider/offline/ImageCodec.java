package dev.kontextbot.provider.offline;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.OutputFormat;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Decoding to TYPE_INT_RGB (bounded in size) and deterministic encoding: same pixels, same bytes. */
final class ImageCodec {
    static final int MAX_SIDE = 2048;

    private final ImageDecoder decoder;

    ImageCodec(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * At most {@value #MAX_SIDE} px on the long side; the full-size decode counts against the shared budget only
     * until it is scaled down. Throws {@link UnusableImageException} when the bytes cannot be decoded.
     */
    BufferedImage decode(byte[] bytes) {
        return decoder.decode(bytes, image -> bounded(Pixels.copy(image)));
    }

    /** Inputs beyond {@value #MAX_SIDE} px on the long side are scaled down first: the editor stays fast and small. */
    private static BufferedImage bounded(BufferedImage image) {
        int longSide = Math.max(image.getWidth(), image.getHeight());
        if (longSide <= MAX_SIDE) {
            return image;
        }
        double scale = (double) MAX_SIDE / longSide;
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        return Pixels.scale(image, w, h);
    }

    byte[] encode(BufferedImage image, OutputFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (format == OutputFormat.PNG) {
                ImageIO.write(image, "png", out);
            } else {
                writeJpeg(image, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail for I/O reasons", e);
        }
        return out.toByteArray();
    }

    private static void writeJpeg(BufferedImage image, ByteArrayOutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
