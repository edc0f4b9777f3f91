package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.ScopedDefaultsRepository;
import dev.kontextbot.engine.port.Transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Each tenant's admin policy: read by the engine and the adapters, changed by admins from chat. Every change is
 * audited (who, when, the setting's old and new value, as data) in the same transaction as the change itself. Whether
 * someone is an admin is the adapter's call: only it knows the platform's permissions.
 */
public final class TenantPolicies {
    public static final int LOG_LINES = 15;

    private final TenantPolicyRepository repository;
    private final ScopedDefaults defaults;
    private final Transactions transactions;
    private final PolicyDefaults configured;
    private final Clock clock;

    public TenantPolicies(TenantPolicyRepository repository, ScopedDefaults defaults, Transactions transactions,
                          PolicyDefaults configured, Clock clock) {
        this.repository = repository;
        this.defaults = defaults;
        this.transactions = transactions;
        this.configured = configured;
        this.clock = clock;
    }

    /** What the tenant's admins set; {@link TenantPolicy#NONE} when nothing. */
    public TenantPolicy stored(Platform platform, String tenant) {
        return repository.find(platform, tenant).orElse(TenantPolicy.NONE);
    }

    /** The tenant's rules: what its admins set over the bot's configuration. */
    public EffectivePolicy effective(Platform platform, String tenant) {
        return new EffectivePolicy(stored(platform, tenant), configured);
    }

    /** The defaults the tenant's admins set for its new sessions (under each channel's own). */
    public ParamOverrides tenantDefaults(Platform platform, String tenant) {
        return defaults.of(platform, tenant, ScopedDefaultsRepository.TENANT_WIDE).tenant();
    }

    /**
     * Applies {@code edit} to the tenant's policy and audits each setting it changed; an edit that changes nothing
     * stores nothing. A value out of range is refused (EngineRejection) before anything is stored.
     */
    public EffectivePolicy change(Platform platform, String tenant, String actor, UnaryOperator<TenantPolicy> edit) {
        transactions.run(() -> {
            TenantPolicy before = repository.lock(platform, tenant);
            TenantPolicy after = edit.apply(before);
            List<PolicyEdit> edits = PolicyDiff.between(before, after);
            if (!edits.isEmpty()) {
                repository.save(platform, tenant, after, actor);
                Instant at = clock.instant();
                edits.forEach(changed -> repository.audit(platform, tenant, new PolicyChange(at, actor, changed)));
            }
        });
        return effective(platform, tenant);
    }

    /** Changes the defaults of the tenant's new sessions (its tenant-wide {@link ScopedDefaults}), audited. */
    public ParamOverrides changeDefaults(Platform platform, String tenant, String actor, ParamOverrides changes) {
        transactions.run(() -> {
            // Locking the policy row serialises defaults changes with other policy changes of the tenant.
            repository.lock(platform, tenant);
            ParamOverrides before = defaults.of(platform, tenant, ScopedDefaultsRepository.TENANT_WIDE).tenant();
            ParamOverrides after = defaults.change(platform, tenant, ScopedDefaultsRepository.TENANT_WIDE, changes, actor);
            if (!after.equals(before)) {
                repository.audit(platform, tenant, new PolicyChange(clock.instant(), actor,
                        new PolicyEdit.Defaults(ScopedDefaultsRepository.TENANT_WIDE, before, after)));
            }
        });
        return tenantDefaults(platform, tenant);
    }

    /** The newest changes, newest first. */
    public List<PolicyChange> log(Platform platform, String tenant) {
        return repository.log(platform, tenant, LOG_LINES);
    }

    public PolicyDefaults configured() {
        return configured;
    }
}
