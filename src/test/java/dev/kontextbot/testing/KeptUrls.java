package dev.kontextbot.testing;

import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An input's URL memory that writes down what a provider asked it to remember and to forget, for a test to read. */
public final class KeptUrls implements SourceImage.UrlMemory {
    public final List<ImageUrl> remembered = new CopyOnWriteArrayList<>();
    public final List<ImageUrl> forgotten = new CopyOnWriteArrayList<>();

    @Override
    public void remember(ImageUrl url) {
        remembered.add(url);
    }

    @Override
    public void forget(ImageUrl url) {
        forgotten.add(url);
    }
}
