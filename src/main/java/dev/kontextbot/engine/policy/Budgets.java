package dev.kontextbot.engine.policy;

/**
 * What may be spent on images, in micro-dollars: per person per day and per tenant (server, workspace) per month,
 * both in UTC. 0 means no budget.
 */
public record Budgets(long userPerDayMicros, long tenantPerMonthMicros) {
    public static final Budgets NONE = new Budgets(0, 0);

    public Budgets {
        if (userPerDayMicros < 0 || tenantPerMonthMicros < 0) {
            throw new IllegalArgumentException("engine.budgets must not be negative (0 means no budget)");
        }
    }
}
