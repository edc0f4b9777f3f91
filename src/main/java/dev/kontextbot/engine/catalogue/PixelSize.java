package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.AspectRatio;

/**
 * An output size in pixels for models told {@code width}/{@code height} (FLUX.2): multiples of 16, as BFL asks, and
 * the sizes its docs give for the product's ratios (about 1 MP; square_hd about 2 MP).
 */
public record PixelSize(int width, int height) {
    public PixelSize {
        if (width < 64 || height < 64 || width % 16 != 0 || height % 16 != 0) {
            throw new IllegalArgumentException("width and height are multiples of 16 from 64, not " + width + "×" + height);
        }
    }

    public static PixelSize of(AspectRatio ratio) {
        return switch (ratio) {
            case SQUARE_HD -> new PixelSize(1440, 1440);
            case SQUARE -> new PixelSize(1024, 1024);
            case PORTRAIT_4_3 -> new PixelSize(864, 1152);
            case PORTRAIT_16_9 -> new PixelSize(720, 1280);
            case LANDSCAPE_4_3 -> new PixelSize(1152, 864);
            case LANDSCAPE_16_9 -> new PixelSize(1280, 720);
        };
    }

    public double megapixels() {
        return width * (double) height / ModelPrice.PIXELS_PER_MP;
    }

    /** This size, scaled down in steps of 16 until it fits within {@code maxMegapixels}. */
    public PixelSize within(int maxMegapixels) {
        int w = width;
        int h = height;
        while (w * (double) h / ModelPrice.PIXELS_PER_MP > maxMegapixels && w > 64 && h > 64) {
            w -= 16;
            h = Math.max(64, Math.round(h * (w / (float) (w + 16)) / 16f) * 16);
        }
        return new PixelSize(w, h);
    }
}
