package dev.kontextbot.adapter.discord;

import java.util.Map;

/** Reads a Discord form's fields as the adapter does, for tests outside this package. */
public final class CommandOptionsProbe {
    private CommandOptionsProbe() {
    }

    public static void seed(String value) {
        CommandOptions.fromText(Map.of(CommandOptions.SEED, value));
    }

    public static void guidance(String value) {
        CommandOptions.fromText(Map.of(CommandOptions.GUIDANCE, value));
    }
}
