package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.ScopedDefaultsRepository;

/**
 * Defaults a server/workspace or one of its channels sets for new sessions. The channel's win over the tenant's,
 * which win over the bot's configured defaults; what a command gives wins over all of them.
 */
public final class ScopedDefaults {
    private final ScopedDefaultsRepository repository;
    private final ParamOverrides configured;

    public ScopedDefaults(ScopedDefaultsRepository repository, ParamOverrides configured) {
        this.repository = repository;
        this.configured = configured;
    }

    public record Layers(ParamOverrides channel, ParamOverrides tenant, ParamOverrides configured) {
        public ParamOverrides effective() {
            return channel.over(tenant).over(configured);
        }
    }

    public Layers of(Platform platform, String tenant, String channel) {
        return new Layers(repository.find(platform, tenant, channel).orElse(ParamOverrides.NONE),
                repository.find(platform, tenant, ScopedDefaultsRepository.TENANT_WIDE).orElse(ParamOverrides.NONE),
                configured);
    }

    /** What a new session's first command starts from, under the command's own parameters. */
    public ParamOverrides forNewSession(Platform platform, String tenant, String channel) {
        return of(platform, tenant, channel).effective().withoutSeed();
    }

    /**
     * Changes the given parameters of a scope, keeping the others; {@code scope} is a channel id or
     * {@link ScopedDefaultsRepository#TENANT_WIDE}. Values are checked before anything is stored.
     */
    public ParamOverrides change(Platform platform, String tenant, String scope, ParamOverrides changes, String actor) {
        // Resolving with a fixed seed throws the same readable errors a turn would, for out-of-range values.
        changes.over(configured).resolve(() -> 0L);
        ParamOverrides current = repository.find(platform, tenant, scope).orElse(ParamOverrides.NONE);
        ParamOverrides updated = changes.withoutSeed().over(current);
        repository.save(platform, tenant, scope, updated, actor);
        return updated;
    }
}
