package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.model.Platform;

import java.util.List;
import java.util.Optional;

/** Each tenant's admin policy and the audit log of its changes. */
public interface TenantPolicyRepository {

    Optional<TenantPolicy> find(Platform platform, String tenant);

    /**
     * The tenant's policy ({@link TenantPolicy#NONE} when it has none yet), locked until the surrounding
     * transaction ends, so two admins changing it at once cannot each undo the other's change.
     */
    TenantPolicy lock(Platform platform, String tenant);

    void save(Platform platform, String tenant, TenantPolicy policy, String actor);

    void audit(Platform platform, String tenant, PolicyChange change);

    /** The newest {@code limit} changes, newest first. */
    List<PolicyChange> log(Platform platform, String tenant, int limit);
}
