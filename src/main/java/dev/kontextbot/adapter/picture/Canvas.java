package dev.kontextbot.adapter.picture;

import dev.kontextbot.adapter.words.Words;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** A white picture being drawn, with the few drawing steps both review pictures share. */
final class Canvas implements AutoCloseable {
    final BufferedImage image;
    final Graphics2D g;
    /** The reader's words: every sentence drawn comes from them. */
    final Words words;
    private final Typesetter type;

    Canvas(Words words, Typesetter type, int width, int height) {
        this.words = words;
        this.type = type;
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Palette.PAPER);
        g.fillRect(0, 0, width, height);
    }

    /** One line of text at baseline {@code y}, ellipsized to {@code width}; returns where it ended. */
    int text(String text, Font font, Color colour, int x, int y, int width) {
        g.setFont(font);
        g.setColor(colour);
        String line = type.line(text, g.getFontMetrics(), width);
        g.drawString(line, x, y);
        return x + g.getFontMetrics().stringWidth(line);
    }

    /** Right-aligned to {@code right}. */
    void textRight(String text, Font font, Color colour, int right, int y) {
        g.setFont(font);
        g.setColor(colour);
        g.drawString(text, right - g.getFontMetrics().stringWidth(text), y);
    }

    /** Wrapped text from baseline {@code y}; returns the baseline after the last line. */
    int paragraph(String text, Font font, Color colour, int x, int y, int width, int maxLines, int lineHeight) {
        g.setFont(font);
        g.setColor(colour);
        List<String> lines = type.wrap(text, g.getFontMetrics(), width, maxLines);
        for (String line : lines) {
            g.drawString(line, x, y);
            y += lineHeight;
        }
        return y;
    }

    /** The thumbnail centred in {@code box} on a light background, or a placeholder when there is none. */
    void picture(Optional<BufferedImage> thumbnail, Rectangle box) {
        g.setColor(Palette.BOX);
        g.fillRect(box.x, box.y, box.width, box.height);
        if (thumbnail.isPresent()) {
            BufferedImage t = thumbnail.get();
            g.drawImage(t, box.x + (box.width - t.getWidth()) / 2, box.y + (box.height - t.getHeight()) / 2, null);
        } else {
            g.setFont(Palette.SMALL);
            g.setColor(Palette.MUTED);
            String text = words.say("picture.noPreview");
            g.drawString(text, box.x + (box.width - g.getFontMetrics().stringWidth(text)) / 2, box.y + box.height / 2);
        }
    }

    /** A frame of {@code thickness} px drawn just outside {@code box}. */
    void frame(Rectangle box, Color colour, int thickness) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(thickness));
        int half = thickness / 2;
        g.drawRect(box.x - half - 1, box.y - half - 1, box.width + thickness + 1, box.height + thickness + 1);
        g.setStroke(new BasicStroke(1));
    }

    /** A small filled label with its text, top-left at (x, y). */
    void badge(String text, Color background, Color colour, int x, int y) {
        g.setFont(Palette.SMALL_BOLD);
        int width = g.getFontMetrics().stringWidth(text) + 12;
        g.setColor(background);
        g.fillRoundRect(x, y, width, 22, 8, 8);
        g.setColor(colour);
        g.drawString(text, x + 6, y + 16);
    }

    void rule(int x1, int x2, int y) {
        g.setColor(Palette.RULE);
        g.drawLine(x1, y, x2, y);
    }

    byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        g.dispose();
    }
}
