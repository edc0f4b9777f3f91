package dev.kontextbot.engine.port;

import java.util.List;

/**
 * An input image of one provider call: its bytes, read lazily and never kept, and the URLs it is known under, in the
 * order of preference (see {@link ImageUrl}); the provider picks the cheapest way its model accepts. {@code memory}:
 * where a URL the provider obtained for these bytes (its upload API's file URL) is kept, so a later turn sends that
 * instead of uploading again.
 */
public record SourceImage(ImageBytes content, String mime, int width, int height, List<ImageUrl> urls, UrlMemory memory) {
    public SourceImage {
        urls = urls == null ? List.of() : List.copyOf(urls);
        memory = memory == null ? UrlMemory.NONE : memory;
    }

    /** An image whose URLs, if any, are not kept for later turns (not from the image store). */
    public SourceImage(ImageBytes content, String mime, int width, int height, List<ImageUrl> urls) {
        this(content, mime, width, height, urls, UrlMemory.NONE);
    }

    /** An image known by its bytes only. */
    public SourceImage(byte[] bytes, String mime, int width, int height) {
        this(ImageBytes.of(bytes), mime, width, height, List.of());
    }

    /** The bytes (read now if not yet read); throws {@link ImageBytes.UnreadableImage} when the store cannot give them. */
    public byte[] bytes() {
        return content.read();
    }

    /** Keeps {@code url} as an address of these bytes for later turns. */
    public void remember(ImageUrl url) {
        memory.remember(url);
    }

    /** Stops offering {@code url} for these bytes to later turns: the service it was for could not fetch it. */
    public void forget(ImageUrl url) {
        memory.forget(url);
    }

    /** Where the URLs a provider learns for an input are kept (the engine's image URL table). */
    public interface UrlMemory {
        /** For an image that is not in the store: a URL learnt for it lives as long as the call. */
        UrlMemory NONE = new UrlMemory() {
            @Override
            public void remember(ImageUrl url) {
                // Nothing outlives the call for an image that is not stored.
            }

            @Override
            public void forget(ImageUrl url) {
                // Nothing was kept.
            }
        };

        void remember(ImageUrl url);

        void forget(ImageUrl url);
    }
}
