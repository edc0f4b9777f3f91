package dev.kontextbot.engine.model;

/** An image kept on disk: what the database knows of it. */
public record StoredImage(ImageId id, String mime, int width, int height, long sizeBytes) {
}
