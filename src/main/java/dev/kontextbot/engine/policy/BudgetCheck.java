package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.UsageRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Refuses a turn whose worst-case cost (every image it asks for, at its model's price) would take its requester
 * past the daily budget or its tenant past the monthly one. What is spent counts finished turns' recorded cost and
 * turns still queued or running at their worst case, so a burst of requests cannot all slip under a budget.
 */
final class BudgetCheck {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);

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
        UsagePeriods periods = UsagePeriods.at(clock);
        if (budgets.userPerDayMicros() > 0) {
            long used = used(where.platform(), where.tenant(), requester, periods.dayStart());
            if (used + cost > budgets.userPerDayMicros()) {
                throw refusal(where, params, cost, "your daily budget here is " + Money.format(budgets.userPerDayMicros())
                        + " and you have used " + Money.format(used) + " today", "It resets at 00:00 UTC, " + in(periods.dayEnd()));
            }
        }
        if (budgets.tenantPerMonthMicros() > 0) {
            long used = used(where.platform(), where.tenant(), null, periods.monthStart());
            if (used + cost > budgets.tenantPerMonthMicros()) {
                String tenant = PolicyWords.tenant(where.platform());
                throw refusal(where, params, cost, "this " + tenant + "'s monthly budget is " + Money.format(budgets.tenantPerMonthMicros())
                        + " and it has used " + Money.format(used) + " this month",
                        "It resets on " + DAY.format(periods.monthEnd()) + " at 00:00 UTC, " + in(periods.monthEnd()));
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

    private EngineRejection refusal(Conversation where, TurnParams params, long cost, String limit, String resets) {
        String images = params.numImages() == 1 ? "1 image" : params.numImages() + " images";
        return new EngineRejection(EngineRejection.Reason.QUOTA, "This edit could cost " + Money.format(cost) + " (" + images + " on "
                + params.model().id() + "), but " + limit + " (including edits still running). " + resets
                + ". To raise the budget, " + PolicyWords.askAdmin(where.platform(), "budget") + ".");
    }

    private String in(Instant reset) {
        Duration left = Duration.between(clock.instant(), reset);
        long hours = left.toHours();
        long minutes = left.toMinutesPart();
        return hours >= 48 ? "in " + left.toDays() + " days" : hours > 0 ? "in " + hours + " h " + minutes + " min" : "in " + Math.max(1, minutes) + " min";
    }
}
