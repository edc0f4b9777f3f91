package dev.kontextbot.adapter.health;

import java.util.Map;

/**
 * One connection's state as /healthz reports it: up or not, a word for it ("connected", "circuit open for 42s"), and
 * details per part (a shard, a socket) that are shown as they are.
 */
public record Health(boolean up, String state, Map<String, String> details) {
    public Health {
        details = Map.copyOf(details);
    }

    public static Health up(String state) {
        return new Health(true, state, Map.of());
    }

    public static Health down(String state) {
        return new Health(false, state, Map.of());
    }

    public Health withDetails(Map<String, String> more) {
        return new Health(up, state, more);
    }
}
