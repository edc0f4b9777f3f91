package dev.kontextbot.engine.policy;

/** A tenant's rules as they apply now: what its admins set ({@code policy}) over the bot's configuration. */
public record EffectivePolicy(TenantPolicy policy, PolicyDefaults configured) {

    public int votesToPick() {
        return policy.votesToPick() != null ? policy.votesToPick() : configured.votesToPick();
    }

    public Budgets budgets() {
        return new Budgets(
                policy.userPerDayMicros() != null ? policy.userPerDayMicros() : configured.budgets().userPerDayMicros(),
                policy.tenantPerMonthMicros() != null ? policy.tenantPerMonthMicros() : configured.budgets().tenantPerMonthMicros());
    }

    /** Whether the vote rule and each budget come from the bot's configuration rather than the admins. */
    public boolean votesConfigured() {
        return policy.votesToPick() == null;
    }

    public boolean userBudgetConfigured() {
        return policy.userPerDayMicros() == null;
    }

    public boolean tenantBudgetConfigured() {
        return policy.tenantPerMonthMicros() == null;
    }
}
