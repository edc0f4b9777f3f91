package dev.kontextbot.engine.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Kontext's aspect ratios, by the product's names; {@code width:height} is what providers without named sizes get. */
public enum AspectRatio {
    SQUARE_HD("square_hd", 1, 1),
    SQUARE("square", 1, 1),
    PORTRAIT_4_3("portrait_4_3", 3, 4),
    PORTRAIT_16_9("portrait_16_9", 9, 16),
    LANDSCAPE_4_3("landscape_4_3", 4, 3),
    LANDSCAPE_16_9("landscape_16_9", 16, 9);

    private final String wireName;
    private final int width;
    private final int height;

    AspectRatio(String wireName, int width, int height) {
        this.wireName = wireName;
        this.width = width;
        this.height = height;
    }

    public String wireName() {
        return wireName;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** "16:9" style, as BFL and fal name ratios. */
    public String ratio() {
        return width + ":" + height;
    }

    public static AspectRatio parse(String name) {
        for (AspectRatio ratio : values()) {
            if (ratio.wireName.equalsIgnoreCase(name.trim())) {
                return ratio;
            }
        }
        throw new InvalidParameterException("aspect_ratio", "aspect_ratio must be one of " + names() + ", not '" + name + "'",
                new Rejected.NotOneOf("aspect_ratio", name, Arrays.stream(values()).map(AspectRatio::wireName).toList()));
    }

    public static String names() {
        return Arrays.stream(values()).map(AspectRatio::wireName).collect(Collectors.joining(", "));
    }
}
