package dev.kontextbot.store;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.UsageRepository;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.kontextbot.store.generated.Tables.SESSION;
import static dev.kontextbot.store.generated.Tables.TENANT;
import static dev.kontextbot.store.generated.Tables.TURN;

/** Spend from the turn table, joined to its session (channel) and tenant. */
public final class JooqUsageRepository implements UsageRepository {
    private static final List<String> UNFINISHED = List.of(TurnStatus.QUEUED.wireName(), TurnStatus.RUNNING.wireName());
    private static final Field<BigDecimal> COST = DSL.sum(TURN.COST_MICROS).as("cost");
    private static final Field<Integer> TURNS = DSL.count().as("turns");

    private final DSLContext dsl;

    public JooqUsageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public long spent(Platform platform, String tenant, String requester, Instant since) {
        BigDecimal sum = dsl.select(DSL.sum(TURN.COST_MICROS))
                .from(TURN).join(SESSION).on(SESSION.ID.eq(TURN.SESSION_ID)).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(of(platform, tenant, since), requester == null ? DSL.noCondition() : TURN.REQUESTED_BY.eq(requester))
                .fetchOne(0, BigDecimal.class);
        return sum == null ? 0 : sum.longValueExact();
    }

    @Override
    public List<Spend> topRequesters(Platform platform, String tenant, Instant since, int limit) {
        return top(TURN.REQUESTED_BY, platform, tenant, since, limit);
    }

    @Override
    public List<Spend> topChannels(Platform platform, String tenant, Instant since, int limit) {
        return top(SESSION.CHANNEL_ID, platform, tenant, since, limit);
    }

    @Override
    public Map<ModelId, Long> pendingImages(Platform platform, String tenant, String requester, Instant since) {
        Map<ModelId, Long> images = new java.util.HashMap<>();
        dsl.select(TURN.MODEL, DSL.sum(TURN.NUM_IMAGES))
                .from(TURN).join(SESSION).on(SESSION.ID.eq(TURN.SESSION_ID)).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(of(platform, tenant, since), TURN.STATUS.in(UNFINISHED),
                        requester == null ? DSL.noCondition() : TURN.REQUESTED_BY.eq(requester))
                .groupBy(TURN.MODEL)
                .forEach(row -> images.merge(ModelId.parse(row.value1()), row.value2().longValueExact(), Long::sum));
        return images;
    }

    private List<Spend> top(Field<String> key, Platform platform, String tenant, Instant since, int limit) {
        return dsl.select(key, COST, TURNS)
                .from(TURN).join(SESSION).on(SESSION.ID.eq(TURN.SESSION_ID)).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(of(platform, tenant, since))
                .groupBy(key)
                // Ties in a stable order, so the list does not shuffle between two looks.
                .orderBy(DSL.sum(TURN.COST_MICROS).desc(), key)
                .limit(limit)
                .fetch(row -> new Spend(row.value1(), row.value2() == null ? 0 : row.value2().longValueExact(), row.value3()));
    }

    private static Condition of(Platform platform, String tenant, Instant since) {
        return TENANT.PLATFORM.eq(platform.wireName()).and(TENANT.EXTERNAL_ID.eq(tenant))
                .and(TURN.CREATED_AT.ge(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
    }
}
