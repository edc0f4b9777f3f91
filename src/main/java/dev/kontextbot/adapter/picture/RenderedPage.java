package dev.kontextbot.adapter.picture;

/** One page of a review picture as PNG bytes; {@code page} counts from 1. */
public record RenderedPage(byte[] png, int page, int pageCount) {
}
