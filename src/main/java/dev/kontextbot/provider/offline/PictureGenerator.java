package dev.kontextbot.provider.offline;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** A deterministic picture for text-only turns: a gradient and soft shapes chosen by the prompt and seed. */
final class PictureGenerator {
    private static final int LONG_SIDE = 1024;

    BufferedImage generate(String prompt, long seed, int ratioWidth, int ratioHeight) {
        int width = ratioWidth >= ratioHeight ? LONG_SIDE : LONG_SIDE * ratioWidth / ratioHeight;
        int height = ratioWidth >= ratioHeight ? LONG_SIDE * ratioHeight / ratioWidth : LONG_SIDE;
        SplittableRandom random = new SplittableRandom(prompt.hashCode() * 31L + seed);
        BufferedImage image = Pixels.blank(width, height);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, colour(random), width, height, colour(random)));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < 12; i++) {
                Color c = colour(random);
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
                int size = random.nextInt(width / 8, width / 2);
                g.fillOval(random.nextInt(-size / 2, width), random.nextInt(-size / 2, height), size, size);
            }
        } finally {
            g.dispose();
        }
        return Pixels.caption(image, prompt.length() > 60 ? prompt.substring(0, 59) + "…" : prompt);
    }

    private static Color colour(SplittableRandom random) {
        return Color.getHSBColor((float) random.nextDouble(), 0.45f + (float) random.nextDouble() * 0.4f, 0.6f + (float) random.nextDouble() * 0.4f);
    }
}
