package dev.kontextbot.engine.model;

/**
 * One image of a finished turn. {@code image} is what people see (in the turn's output format);
 * {@code context} is the lossless rendition the next turn edits (the same id when the output is already
 * the provider's original bytes).
 */
public record Variant(long turnId, int index, ImageId image, ImageId context, long seed, int votes) {
    public VariantRef ref() {
        return new VariantRef(turnId, index);
    }
}
