package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;

import java.util.Optional;

/** Defaults set from chat for a tenant ({@link #TENANT_WIDE}) or one of its channels. */
public interface ScopedDefaultsRepository {
    String TENANT_WIDE = "*";

    Optional<ParamOverrides> find(Platform platform, String tenant, String scope);

    void save(Platform platform, String tenant, String scope, ParamOverrides defaults, String actor);
}
