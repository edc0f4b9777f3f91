package dev.kontextbot.engine.model;

public enum OutputFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png"),
    /** Offered by some FLUX services (Replicate's FLUX.2); providers that lack it refuse it by name. */
    WEBP("webp", "image/webp");

    private final String wireName;
    private final String mime;

    OutputFormat(String wireName, String mime) {
        this.wireName = wireName;
        this.mime = mime;
    }

    public String wireName() {
        return wireName;
    }

    public String mime() {
        return mime;
    }

    public static OutputFormat parse(String name) {
        for (OutputFormat format : values()) {
            if (format.wireName.equalsIgnoreCase(name.trim())) {
                return format;
            }
        }
        throw new InvalidParameterException("output_format", "output_format must be jpeg, png or webp, not '" + name + "'", rejected(name));
    }

    /** Why {@code given} (null: nothing) is no format, as data. */
    static Rejected rejected(String given) {
        return new Rejected.NotOneOf("output_format", given, java.util.Arrays.stream(values()).map(OutputFormat::wireName).toList());
    }
}
