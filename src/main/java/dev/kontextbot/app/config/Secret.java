package dev.kontextbot.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A token or key. Its {@code toString} never shows the value, so a logged config leaks nothing. */
public record Secret(String value) {
    public static final Secret NONE = new Secret("");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Secret {
        value = value == null ? "" : value.trim();
    }

    public boolean isSet() {
        return !value.isEmpty();
    }

    @Override
    public String toString() {
        return isSet() ? "Secret[set]" : "Secret[unset]";
    }
}
