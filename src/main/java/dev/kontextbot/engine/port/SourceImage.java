package dev.kontextbot.engine.port;

import java.util.List;

/**
 * An input image of one provider call: its bytes, read lazily and never kept, and the URLs it is known under, in the
 * order of preference (see {@link ImageUrl}); the provider picks the cheapest way its model accepts.
 */
public record SourceImage(ImageBytes content, String mime, int width, int height, List<ImageUrl> urls) {
    public SourceImage {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /** An image known by its bytes only. */
    public SourceImage(byte[] bytes, String mime, int width, int height) {
        this(ImageBytes.of(bytes), mime, width, height, List.of());
    }

    /** The bytes (read now if not yet read); throws {@link ImageBytes.UnreadableImage} when the store cannot give them. */
    public byte[] bytes() {
        return content.read();
    }
}
