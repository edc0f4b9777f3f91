package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.ImageFormat;
import dev.kontextbot.engine.image.UnusableImageException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Makes a result fit Discord's upload limit instead of dropping it: a PNG becomes a high-quality JPEG, and when
 * that is still too large the picture is scaled down step by step. What is stored (and edited next) stays the
 * full-quality original; only the chat copy shrinks.
 */
final class UploadFitter {
    private static final int MAX_STEPS = 8;

    private final ImageDecoder decoder;

    UploadFitter(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    record Fitted(byte[] bytes, String extension, boolean changed) {
    }

    /** The file extension Discord shows an image under, from its bytes (a WebP result stays .webp, not .jpg). */
    static String extensionOf(byte[] image) {
        return ImageFormat.sniff(image).map(f -> f == ImageFormat.JPEG ? "jpg" : f.name().toLowerCase(java.util.Locale.ROOT)).orElse("png");
    }

    /**
     * {@code extension}: the file's current type. Throws {@link UnusableImageException} for a too-large image Java
     * cannot decode (AVIF).
     */
    Fitted fit(byte[] bytes, String extension, long maxBytes) {
        if (bytes.length <= maxBytes) {
            return new Fitted(bytes, extension, false);
        }
        return decoder.decode(bytes, image -> shrink(image, maxBytes));
    }

    private static Fitted shrink(BufferedImage image, long maxBytes) {
        double scale = 1.0;
        float quality = 0.9f;
        for (int step = 0; step < MAX_STEPS; step++) {
            byte[] jpeg = jpeg(scaled(image, scale), quality);
            if (jpeg.length <= maxBytes) {
                return new Fitted(jpeg, "jpg", true);
            }
            // Area shrinks with the square of the scale; aim a little under the limit.
            scale *= Math.min(0.9, Math.sqrt((double) maxBytes / jpeg.length) * 0.95);
            quality = 0.85f;
        }
        throw new IllegalStateException("an image could not be made smaller than " + maxBytes + " bytes");
    }

    private static BufferedImage scaled(BufferedImage image, double scale) {
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        // JPEG has no alpha: draw onto an opaque RGB canvas in every case.
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
