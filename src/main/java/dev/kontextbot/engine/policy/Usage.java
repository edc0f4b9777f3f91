package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.UsageRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.function.ToLongFunction;

/** Spend per person, channel and tenant, today and this month (UTC), from the turns' recorded cost. */
public final class Usage {
    public static final int TOP = 5;

    private final UsageRepository repository;
    private final TenantPolicies policies;
    private final BudgetCheck budgets;
    private final Clock clock;

    public Usage(UsageRepository repository, TenantPolicies policies, ToLongFunction<ModelId> pricePerImage, Clock clock) {
        this.repository = repository;
        this.policies = policies;
        this.budgets = new BudgetCheck(repository, pricePerImage, clock);
        this.clock = clock;
    }

    public UsageReport report(Platform platform, String tenant, String asker) {
        UsagePeriods periods = UsagePeriods.at(clock);
        return new UsageReport(period(platform, tenant, asker, periods.dayStart()), period(platform, tenant, asker, periods.monthStart()),
                policies.effective(platform, tenant).budgets(),
                budgets.used(platform, tenant, asker, periods.dayStart()), budgets.used(platform, tenant, null, periods.monthStart()),
                periods.dayEnd(), periods.monthEnd());
    }

    private UsageReport.Period period(Platform platform, String tenant, String asker, Instant since) {
        return new UsageReport.Period(since, repository.spent(platform, tenant, null, since), repository.spent(platform, tenant, asker, since),
                repository.topRequesters(platform, tenant, since, TOP), repository.topChannels(platform, tenant, since, TOP));
    }
}
