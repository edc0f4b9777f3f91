package dev.kontextbot.adapter.health;

import java.util.Map;

/**
 * One connection's state as /healthz reports it: up, degraded (working, with less than it should have: 1 of 2 Slack
 * sockets) or down, a word for it ("connected", "circuit open for 42s"), and details per part (a shard, a socket) that
 * are shown as they are.
 */
public record Health(Status status, String state, Map<String, String> details) {
    public enum Status {
        UP, DEGRADED, DOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Health {
        details = Map.copyOf(details);
    }

    public static Health up(String state) {
        return new Health(Status.UP, state, Map.of());
    }

    /** Still serving, but short of what it should have: not a reason for an orchestrator to restart the process. */
    public static Health degraded(String state) {
        return new Health(Status.DEGRADED, state, Map.of());
    }

    public static Health down(String state) {
        return new Health(Status.DOWN, state, Map.of());
    }

    /** Whether it serves at all (up or degraded). */
    public boolean up() {
        return status != Status.DOWN;
    }

    public Health withDetails(Map<String, String> more) {
        return new Health(status, state, more);
    }
}
