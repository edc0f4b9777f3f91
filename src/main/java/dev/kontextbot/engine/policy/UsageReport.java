package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.port.UsageRepository.Spend;

import java.time.Instant;
import java.util.List;

/**
 * What a tenant spent today and this month (UTC), for the person who asked, and where they stand against the
 * budgets. Spend is recorded cost; budget use also counts turns still running at their worst case.
 */
public record UsageReport(Period today, Period month, Budgets budgets, long askerUsedToday, long tenantUsedThisMonth,
                          Instant dayResets, Instant monthResets) {

    /** {@code since}: the period's start; the top lists are the biggest spenders, biggest first. */
    public record Period(Instant since, long tenantMicros, long askerMicros, List<Spend> topRequesters, List<Spend> topChannels) {
    }
}
