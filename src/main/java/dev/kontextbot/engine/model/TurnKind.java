package dev.kontextbot.engine.model;

public enum TurnKind {
    /** Text alone: Kontext generates the first image. */
    GENERATE,
    /** An instruction applied to the session's head at the time the turn starts. */
    REFINE,
    /** An earlier turn again with a new seed, on the same parent. */
    REROLL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TurnKind parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
