package dev.kontextbot.engine.port;

/** Image bytes loaded for one provider call only; never kept. */
public record SourceImage(byte[] bytes, String mime, int width, int height) {
}
