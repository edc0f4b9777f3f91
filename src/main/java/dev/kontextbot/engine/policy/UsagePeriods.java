package dev.kontextbot.engine.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Today and this month in UTC, where spend is counted and budgets reset. */
record UsagePeriods(Instant dayStart, Instant dayEnd, Instant monthStart, Instant monthEnd) {

    static UsagePeriods at(Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        return new UsagePeriods(today.atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                firstOfMonth.atStartOfDay(ZoneOffset.UTC).toInstant(), firstOfMonth.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
