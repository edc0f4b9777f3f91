package dev.kontextbot.engine.model;

import java.util.regex.Pattern;

/** A stored image, named by the sha-256 of its bytes (lower-case hex). */
public record ImageId(String sha256) {
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    public ImageId {
        if (sha256 == null || !HEX_64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not an image id: " + sha256);
        }
    }

    public static boolean isValid(String text) {
        return text != null && HEX_64.matcher(text).matches();
    }

    @Override
    public String toString() {
        return sha256;
    }
}
