package dev.kontextbot.engine.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a conversation lives ("discord", "slack", "playground", one day "teams"): an open value, so that a new
 * platform is an adapter and needs no edit here. Each adapter names its own ({@code DiscordPlaces.PLATFORM}); the
 * engine only compares them. The name is what the database stores (a {@code VARCHAR(16)} column).
 */
public record Platform(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    public Platform {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A platform's name is 1 to 16 lower-case letters, digits or '-', starting with a letter: " + name);
        }
    }

    /** The name as stored and counted in metrics. */
    public String wireName() {
        return name;
    }

    /** A stored name; older rows and configuration may spell it in capitals ("DISCORD"). */
    public static Platform parse(String name) {
        return new Platform(name.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name;
    }
}
