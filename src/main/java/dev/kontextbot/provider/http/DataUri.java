package dev.kontextbot.provider.http;

import dev.kontextbot.engine.port.SourceImage;

import java.util.Base64;

/** An image inline, when no URL of it can be sent ({@link InputImages}). */
public final class DataUri {
    private DataUri() {
    }

    public static String of(SourceImage image) {
        return "data:" + image.mime() + ";base64," + Base64.getEncoder().encodeToString(image.bytes());
    }

    public static String base64(SourceImage image) {
        return Base64.getEncoder().encodeToString(image.bytes());
    }
}
