package dev.kontextbot.provider.offline;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** An edit of the picture alone, whatever other images the turn has. */
sealed interface Operation extends Edit {

    BufferedImage apply(BufferedImage image, double strength);

    @Override
    default BufferedImage apply(BufferedImage image, References references, double strength) {
        return apply(image, strength);
    }

    record Grayscale() implements Operation {
        @Override
        public Colour colour() {
            return Colour.REMOVES;
        }

        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.map(image, (r, g, b) -> {
                int y = Pixels.luma(r, g, b);
                return new int[]{y, y, y};
            });
        }
    }

    record Sepia() implements Operation {
        @Override
        public Colour colour() {
            return Colour.ADDS;
        }

        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.map(image, (r, g, b) -> new int[]{
                    (int) (0.393 * r + 0.769 * g + 0.189 * b), (int) (0.349 * r + 0.686 * g + 0.168 * b),
                    (int) ((0.272 * r + 0.534 * g + 0.131 * b) / strength)});
        }
    }

    record Invert() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.map(image, (r, g, b) -> new int[]{255 - r, 255 - g, 255 - b});
        }
    }

    record Blur(boolean heavy) implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            int radius = (int) Math.round((heavy ? 6 : 2) * strength);
            return Pixels.boxBlur(image, Math.max(1, radius));
        }
    }

    record Sharpen() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            float k = (float) (0.6 * strength);
            return Pixels.convolve(image, new float[]{0, -k, 0, -k, 1 + 4 * k, -k, 0, -k, 0});
        }
    }

    /** {@code factor} > 1 brightens, < 1 darkens. */
    record Brightness(double factor) implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            double f = 1 + (factor - 1) * strength;
            return Pixels.map(image, (r, g, b) -> new int[]{(int) (r * f), (int) (g * f), (int) (b * f)});
        }
    }

    /** {@code factor} > 1 adds contrast, < 1 removes it. */
    record Contrast(double factor) implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            double f = 1 + (factor - 1) * strength;
            return Pixels.map(image, (r, g, b) -> new int[]{
                    (int) ((r - 128) * f + 128), (int) ((g - 128) * f + 128), (int) ((b - 128) * f + 128)});
        }
    }

    record Rotate(int degrees) implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.rotate(image, degrees);
        }
    }

    /** Upside down. */
    record Flip() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.transform(image, (x, y, w, h) -> new int[]{x, h - 1 - y}, image.getWidth(), image.getHeight());
        }
    }

    /** Left-right. */
    record Mirror() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.transform(image, (x, y, w, h) -> new int[]{w - 1 - x, y}, image.getWidth(), image.getHeight());
        }
    }

    record CropTo(int ratioWidth, int ratioHeight) implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.centreCrop(image, ratioWidth, ratioHeight);
        }
    }

    record Tint(Color color) implements Operation {
        @Override
        public Colour colour() {
            return Colour.ADDS;
        }

        public BufferedImage apply(BufferedImage image, double strength) {
            double a = Math.min(0.6, 0.35 * strength);
            return Pixels.map(image, (r, g, b) -> new int[]{
                    (int) (r * (1 - a) + color.getRed() * a), (int) (g * (1 - a) + color.getGreen() * a),
                    (int) (b * (1 - a) + color.getBlue() * a)});
        }
    }

    record Pixelate() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            int block = Math.max(2, (int) Math.round(Math.max(image.getWidth(), image.getHeight()) / 64.0 * strength));
            return Pixels.pixelate(image, block);
        }
    }

    record Posterize() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            int levels = strength < 1 ? 3 : 4;
            int step = 255 / (levels - 1);
            return Pixels.map(image, (r, g, b) -> new int[]{
                    Math.round((float) r / step) * step, Math.round((float) g / step) * step, Math.round((float) b / step) * step});
        }
    }

    record Vignette() implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.vignette(image, 0.55 * strength);
        }
    }

    record Caption(String text) implements Operation {
        public BufferedImage apply(BufferedImage image, double strength) {
            return Pixels.caption(image, text);
        }
    }
}
