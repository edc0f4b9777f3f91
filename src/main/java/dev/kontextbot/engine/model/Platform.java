package dev.kontextbot.engine.model;

public enum Platform {
    DISCORD, SLACK, PLAYGROUND;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Platform parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
