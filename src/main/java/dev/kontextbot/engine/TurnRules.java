package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.TurnParams;

import java.util.function.Supplier;

/**
 * What a tenant's rules say about a new turn and about picking, asked by the engine before it stores a turn. The
 * admin policy ({@link dev.kontextbot.engine.policy.PolicyRules}) is one; {@link #votesOnly} knows only the
 * configured vote rule.
 */
public interface TurnRules {

    /** Throws an {@link EngineRejection} with a message for the requester when the tenant does not allow this turn. */
    void check(Conversation where, String requester, TurnParams params);

    /**
     * {@link #check}, then {@code store} the turn. Implementations that count what is already stored (budgets)
     * serialise this per tenant, so two turns that fit only one at a time are not both admitted.
     */
    default <T> T admit(Conversation where, String requester, TurnParams params, Supplier<T> store) {
        check(where, requester, params);
        return store.get();
    }

    /** Votes that make a variant the head; 0: votes never pick, and only the session's owner picks. */
    int votesToPick(Conversation where);

    /** No policy: every turn passes, and {@code votesToPick} is the rule everywhere. */
    static TurnRules votesOnly(int votesToPick) {
        return new TurnRules() {
            @Override
            public void check(Conversation where, String requester, TurnParams params) {
                // Nothing to check without a policy: quotas and the provider's own checks still apply in the engine.
            }

            @Override
            public int votesToPick(Conversation where) {
                return votesToPick;
            }
        };
    }
}
