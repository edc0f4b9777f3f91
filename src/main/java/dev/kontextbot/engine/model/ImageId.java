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

    /** The id these bytes are stored under. */
    public static ImageId of(byte[] bytes) {
        try {
            return new ImageId(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
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
