package dev.kontextbot.engine.review;

/** One page of a review picture as PNG bytes; {@code page} counts from 1. */
public record RenderedPage(byte[] png, int page, int pageCount) {
}
