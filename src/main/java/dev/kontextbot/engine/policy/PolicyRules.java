package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Refusal;
import dev.kontextbot.engine.TurnRules;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.UsageRepository;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The platform-neutral part of a tenant's admin policy, as the engine asks it before storing a turn: allowed
 * models, the highest safety tolerance, budgets, and the vote rule. (Channels and roles are the adapters' to check:
 * only they know what a thread's channel or a member's roles are.)
 */
public final class PolicyRules implements TurnRules {
    private final TenantPolicies policies;
    private final BudgetCheck budgets;
    /** One lock per tenant while a turn is checked against its budgets and stored. */
    private final Map<String, Object> admitting = new ConcurrentHashMap<>();

    /** {@code pricePerImage}: micro-dollars per image of each model (the provider's prices; 0 offline). */
    public PolicyRules(TenantPolicies policies, UsageRepository usage, ToLongFunction<ModelId> pricePerImage, Clock clock) {
        this.policies = policies;
        this.budgets = new BudgetCheck(usage, pricePerImage, clock);
    }

    @Override
    public void check(Conversation where, String requester, TurnParams params) {
        check(where, requester, params, policies.effective(where.platform(), where.tenant()));
    }

    private void check(Conversation where, String requester, TurnParams params, EffectivePolicy rules) {
        TenantPolicy policy = rules.policy();
        if (!policy.allowsModel(params.model())) {
            throw new EngineRejection(new Refusal.ModelNotAllowed(params.model(), List.copyOf(policy.allowedModels())));
        }
        if (policy.maxSafety() != null && params.safetyTolerance() > policy.maxSafety()) {
            throw new EngineRejection(new Refusal.SafetyAboveMaximum(params.safetyTolerance(), policy.maxSafety(), TurnParams.MIN_SAFETY));
        }
        budgets.check(where, requester, params, rules.budgets());
    }

    @Override
    public <T> T admit(Conversation where, String requester, TurnParams params, Supplier<T> store) {
        EffectivePolicy rules = policies.effective(where.platform(), where.tenant());
        if (rules.budgets().equals(Budgets.NONE)) {
            check(where, requester, params, rules);
            return store.get();
        }
        // Checked and stored under one lock: two turns that each fit the budget but not together must not both pass.
        // (Per process; instances sharing a database can still overshoot by the turns they admit at the same moment.)
        synchronized (admitting.computeIfAbsent(where.platform().wireName() + "|" + where.tenant(), key -> new Object())) {
            check(where, requester, params, rules);
            return store.get();
        }
    }

    @Override
    public int votesToPick(Conversation where) {
        return policies.effective(where.platform(), where.tenant()).votesToPick();
    }
}
