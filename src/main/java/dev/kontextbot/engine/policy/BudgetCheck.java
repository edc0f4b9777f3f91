package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Refusal;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.UsageRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Refuses a turn whose worst-case cost (every image it asks for, at its model's price) would take its requester
 * past the daily budget or its tenant past the monthly one. What is spent counts finished turns' recorded cost and
 * turns still queued or running at their worst case, so a burst of requests cannot all slip under a budget.
 */
final class BudgetCheck {
    private final UsageRepository usage;
    private final ToLongFunction<ModelId> pricePerImage;
    private final Clock clock;

    BudgetCheck(UsageRepository usage, ToLongFunction<ModelId> pricePerImage, Clock clock) {
        this.usage = usage;
        this.pricePerImage = pricePerImage;
        this.clock = clock;
    }

    /** The most a turn can cost: each image it asks for at its model's price. */
    long worstCase(TurnParams params) {
        return params.numImages() * pricePerImage.applyAsLong(params.model());
    }

    void check(Conversation where, String requester, TurnParams params, Budgets budgets) {
        if (budgets.userPerDayMicros() == 0 && budgets.tenantPerMonthMicros() == 0) {
            return;
        }
        long cost = worstCase(params);
        Instant now = clock.instant();
        UsagePeriods periods = UsagePeriods.at(clock);
        if (budgets.userPerDayMicros() > 0) {
            long used = used(where.platform(), where.tenant(), requester, periods.dayStart());
            if (used + cost > budgets.userPerDayMicros()) {
                throw new EngineRejection(new Refusal.OverBudget(Refusal.BudgetPeriod.REQUESTER_DAY, cost, params.numImages(), params.model(),
                        budgets.userPerDayMicros(), used, periods.dayEnd(), now));
            }
        }
        if (budgets.tenantPerMonthMicros() > 0) {
            long used = used(where.platform(), where.tenant(), null, periods.monthStart());
            if (used + cost > budgets.tenantPerMonthMicros()) {
                throw new EngineRejection(new Refusal.OverBudget(Refusal.BudgetPeriod.TENANT_MONTH, cost, params.numImages(), params.model(),
                        budgets.tenantPerMonthMicros(), used, periods.monthEnd(), now));
            }
        }
    }

    /** Recorded cost since {@code since}, plus the worst case of turns still queued or running. */
    long used(Platform platform, String tenant, String requester, Instant since) {
        long pending = 0;
        for (Map.Entry<ModelId, Long> images : usage.pendingImages(platform, tenant, requester, since).entrySet()) {
            pending += images.getValue() * pricePerImage.applyAsLong(images.getKey());
        }
        return usage.spent(platform, tenant, requester, since) + pending;
    }
}
