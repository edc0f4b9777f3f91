package dev.kontextbot.store;

import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.port.SessionListing;
import org.jooq.Condition;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.List;

import static dev.kontextbot.store.generated.Tables.SESSION;
import static dev.kontextbot.store.generated.Tables.TENANT;

public final class JooqSessionListing implements SessionListing {
    private final DSLContext dsl;
    private final JooqSessionRepository sessions;

    public JooqSessionListing(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.sessions = new JooqSessionRepository(dsl, clock);
    }

    @Override
    public List<Session> newest(Platform platform, String tenant, Long beforeId, int limit) {
        Condition older = beforeId == null ? org.jooq.impl.DSL.noCondition() : SESSION.ID.lt(beforeId);
        // Ids only, then each session through the one mapping the session repository has.
        return dsl.select(SESSION.ID).from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(tenant), older)
                .orderBy(SESSION.ID.desc())
                .limit(limit)
                .fetch(SESSION.ID)
                .stream().map(id -> sessions.find(id).orElseThrow())
                .toList();
    }

    @Override
    public int count(Platform platform, String tenant) {
        return dsl.fetchCount(dsl.selectOne().from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(tenant)));
    }
}
