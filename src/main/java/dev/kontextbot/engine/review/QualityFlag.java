package dev.kontextbot.engine.review;

import java.util.Locale;

/** Something wrong with a variant that does not depend on what was asked. */
public enum QualityFlag {
    /** The output is (nearly) one flat colour while its parent was not. */
    BLANK,
    /** JPEG blocks or noise far beyond what the parent had. */
    ARTEFACTS,
    /** The output has far fewer pixels for the same content than its parent. */
    RESOLUTION_LOSS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static QualityFlag parse(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
