package dev.kontextbot.adapter.picture;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.ImageHeader;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;

/** Stored images made small enough to draw: decoded with subsampling, then shrunk by halves for a clean result. */
final class Thumbnails {
    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);

    private final ImageStore images;
    private final ImageDecoder decoder;

    Thumbnails(ImageStore images, ImageDecoder decoder) {
        this.images = images;
        this.decoder = decoder;
    }

    /**
     * The image scaled to fit {@code maxWidth}×{@code maxHeight}, keeping its aspect ratio; empty when it cannot
     * be read (a WebP from a provider, a file gone missing): the picture then shows a placeholder instead.
     */
    Optional<BufferedImage> fit(ImageId id, int maxWidth, int maxHeight) {
        try {
            byte[] bytes = images.read(id);
            ImageHeader header = decoder.header(bytes);
            // Decoding every second or fourth pixel of a large picture is much faster and loses nothing at thumbnail size.
            int step = Math.max(1, Math.min(header.width() / maxWidth, header.height() / maxHeight) / 2);
            return Optional.of(decoder.decode(bytes, step, image -> scaled(image, maxWidth, maxHeight)));
        } catch (UnusableImageException e) {
            log.info("image {} cannot be drawn here ({}); drawn as a placeholder", id, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            log.warn("image {} could not be read for a review picture; drawn as a placeholder", id, e);
            return Optional.empty();
        }
    }

    static BufferedImage scaled(BufferedImage image, int maxWidth, int maxHeight) {
        double scale = Math.min((double) maxWidth / image.getWidth(), (double) maxHeight / image.getHeight());
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        // Bilinear shrinking by more than half skips pixels (aliasing); halving step by step keeps detail smooth.
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
