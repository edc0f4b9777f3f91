package dev.kontextbot.store;

import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.ScopedDefaultsRepository;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.SCOPED_DEFAULTS;

public final class JooqScopedDefaultsRepository implements ScopedDefaultsRepository {
    private final DSLContext dsl;
    private final Clock clock;
    private final ParamOverridesJson json = new ParamOverridesJson();

    public JooqScopedDefaultsRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public Optional<ParamOverrides> find(Platform platform, String tenant, String scope) {
        return dsl.select(SCOPED_DEFAULTS.DEFAULTS_JSON).from(SCOPED_DEFAULTS)
                .where(SCOPED_DEFAULTS.PLATFORM.eq(platform.wireName()), SCOPED_DEFAULTS.TENANT.eq(tenant), SCOPED_DEFAULTS.SCOPE.eq(scope))
                .fetchOptional(SCOPED_DEFAULTS.DEFAULTS_JSON)
                .map(json::read);
    }

    @Override
    public void save(Platform platform, String tenant, String scope, ParamOverrides defaults, String actor) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String document = json.write(defaults);
        dsl.insertInto(SCOPED_DEFAULTS)
                .set(SCOPED_DEFAULTS.PLATFORM, platform.wireName())
                .set(SCOPED_DEFAULTS.TENANT, tenant)
                .set(SCOPED_DEFAULTS.SCOPE, scope)
                .set(SCOPED_DEFAULTS.DEFAULTS_JSON, document)
                .set(SCOPED_DEFAULTS.UPDATED_BY, actor)
                .set(SCOPED_DEFAULTS.UPDATED_AT, now)
                .onConflict(SCOPED_DEFAULTS.PLATFORM, SCOPED_DEFAULTS.TENANT, SCOPED_DEFAULTS.SCOPE)
                .doUpdate()
                .set(SCOPED_DEFAULTS.DEFAULTS_JSON, document)
                .set(SCOPED_DEFAULTS.UPDATED_BY, actor)
                .set(SCOPED_DEFAULTS.UPDATED_AT, now)
                .execute();
    }
}
