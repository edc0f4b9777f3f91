package dev.kontextbot.engine.catalogue;

/** How a model is told the size of its output. */
public enum SizeMode {
    /** Named ratios ("16:9"), Kontext's way. */
    ASPECT_RATIO,
    /** {@code width}/{@code height} in pixels, multiples of 16 up to the model's megapixels (FLUX.2). */
    WIDTH_HEIGHT
}
