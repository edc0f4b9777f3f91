package dev.kontextbot.provider.http;

import java.util.Locale;

/** The file name an input goes up under to a provider's upload API: the services read the type from its extension. */
public final class UploadName {
    private UploadName() {
    }

    /** {@code image/jpeg} → {@code kontext-input.jpg}, {@code image/png} → {@code kontext-input.png}. */
    public static String of(String mime) {
        String subtype = mime.substring(mime.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return "kontext-input." + (subtype.equals("jpeg") ? "jpg" : subtype.replaceAll("[^a-z0-9]", ""));
    }
}
