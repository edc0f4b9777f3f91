package dev.kontextbot.engine.image;

public record InspectedImage(ImageFormat format, int width, int height) {
}
