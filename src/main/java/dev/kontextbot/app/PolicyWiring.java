package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.policy.PolicyDefaults;
import dev.kontextbot.engine.policy.PolicyRules;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.Usage;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.Transactions;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqTenantPolicyRepository;
import dev.kontextbot.store.JooqUsageRepository;

import java.time.Clock;

/**
 * Admin policies, budgets and usage over one database. Prices come from the provider in use, so the offline
 * editor's turns cost (and count) nothing.
 */
record PolicyWiring(TenantPolicies policies, Usage usage, PolicyRules rules) {

    static PolicyWiring build(AppConfig config, Database database, ScopedDefaults defaults, Transactions transactions,
                              KontextProvider provider, Clock clock) {
        AppConfig.BudgetLimits b = config.engine().budgets();
        PolicyDefaults configured = new PolicyDefaults(config.engine().votesToPick(),
                new Budgets(Money.ofDollars(b.userPerDay()), Money.ofDollars(b.tenantPerMonth())));
        TenantPolicies policies = new TenantPolicies(new JooqTenantPolicyRepository(database.dsl(), clock), defaults, transactions,
                configured, clock);
        JooqUsageRepository usage = new JooqUsageRepository(database.dsl());
        return new PolicyWiring(policies, new Usage(usage, policies, provider::pricePerImageMicros, clock),
                new PolicyRules(policies, usage, provider::pricePerImageMicros, clock));
    }
}
