package dev.kontextbot.engine.model;

/** Variant {@code index} (0-based) of turn {@code turnId}. */
public record VariantRef(long turnId, int index) {
}
