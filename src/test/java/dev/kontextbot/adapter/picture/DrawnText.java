package dev.kontextbot.adapter.picture;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.port.ImageStore;

import java.awt.FontMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Renderers that note every text they hand to the typesetter: which sentences a picture draws, in which language. */
public final class DrawnText {
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final Typesetter typesetter = new Typesetter() {
        @Override
        List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
            texts.add(text);
            return super.wrap(text, metrics, width, maxLines);
        }

        @Override
        String line(String text, FontMetrics metrics, int width) {
            texts.add(text);
            return super.line(text, metrics, width);
        }
    };

    public TimelineRenderer timeline(ImageStore images, ImageDecoder decoder) {
        return new TimelineRenderer(images, decoder, typesetter);
    }

    public BeforeAfterRenderer beforeAfter(ImageStore images, ImageDecoder decoder) {
        return new BeforeAfterRenderer(images, decoder, typesetter);
    }

    /** The texts drawn so far, whole (before any ellipsis), in the order they were drawn. */
    public List<String> texts() {
        return List.copyOf(texts);
    }
}
