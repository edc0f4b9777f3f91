package dev.kontextbot.engine.model;


import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why the engine will not start a turn that breaks a limit, with the data a person needs to act on it. The engine
 * writes no words: each adapter says it in the person's language and names its own way to raise the limit
 * (Discord's and Slack's {@code /kontext admin}, the playground's configuration).
 */
public sealed interface Refusal {
    /** Who can lift it: an admin of the tenant (server, workspace) with an admin setting, or whoever runs the bot. */
    enum RaisedBy { TENANT_ADMIN, OPERATOR }

    /** The admin setting that lifts it ("models", "safety", "budget", "quotas"): a name, not words. */
    enum Setting { MODELS, SAFETY, BUDGET, QUOTAS }

    RaisedBy raisedBy();

    Setting setting();

    /** The tenant allows other models; {@code allowed} is never empty, its first the one to suggest. */
    record ModelNotAllowed(ModelId model, List<ModelId> allowed) implements Refusal {
        public ModelNotAllowed {
            Objects.requireNonNull(model, "model");
            allowed = List.copyOf(allowed);
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("a tenant allows at least one model");
            }
        }

        @Override
        public RaisedBy raisedBy() {
            return RaisedBy.TENANT_ADMIN;
        }

        @Override
        public Setting setting() {
            return Setting.MODELS;
        }
    }

    /** The turn asks for a safety tolerance above the tenant's maximum; {@code strictest} is the lowest there is. */
    record SafetyAboveMaximum(int asked, int maximum, int strictest) implements Refusal {
        @Override
        public RaisedBy raisedBy() {
            return RaisedBy.TENANT_ADMIN;
        }

        @Override
        public Setting setting() {
            return Setting.SAFETY;
        }
    }

    /** Whose budget: the requester's for the day, or the tenant's for the month. */
    enum BudgetPeriod { REQUESTER_DAY, TENANT_MONTH }

    /**
     * The turn's worst case ({@code images} on {@code model} for {@code costMicros}) would take a budget past its
     * limit: {@code spentMicros} counts turns still running at their worst case. The budget resets at
     * {@code resetsAt} (00:00 UTC), decided at {@code decidedAt}.
     */
    record OverBudget(BudgetPeriod period, long costMicros, int images, ModelId model, long limitMicros, long spentMicros,
                      Instant resetsAt, Instant decidedAt) implements Refusal {
        @Override
        public RaisedBy raisedBy() {
            return RaisedBy.TENANT_ADMIN;
        }

        @Override
        public Setting setting() {
            return Setting.BUDGET;
        }
    }

    /** Whose hourly count of new turns: the requester's or the whole tenant's. */
    enum QuotaScope { REQUESTER, TENANT }

    /** {@code limit} turns were started in the last hour, the operator's quota ({@code engine.quotas}). */
    record OverTurnQuota(QuotaScope scope, int limit) implements Refusal {
        @Override
        public RaisedBy raisedBy() {
            return RaisedBy.OPERATOR;
        }

        @Override
        public Setting setting() {
            return Setting.QUOTAS;
        }
    }
}
