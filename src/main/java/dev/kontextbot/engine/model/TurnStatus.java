package dev.kontextbot.engine.model;

public enum TurnStatus {
    QUEUED, RUNNING, DONE, FAILED, MODERATED, CANCELLED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TurnStatus parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
