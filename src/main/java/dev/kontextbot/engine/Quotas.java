package dev.kontextbot.engine;

/**
 * Limits per person and per tenant (a Discord server, a Slack workspace), checked before a turn is queued; 0 means
 * no limit. Running counts queued and running turns.
 */
public record Quotas(int userTurnsPerHour, int tenantTurnsPerHour, int userRunning, int tenantRunning) {
    public static final Quotas NONE = new Quotas(0, 0, 0, 0);

    public Quotas {
        if (userTurnsPerHour < 0 || tenantTurnsPerHour < 0 || userRunning < 0 || tenantRunning < 0) {
            throw new IllegalArgumentException("engine.quotas must not be negative (0 means no limit)");
        }
    }
}
