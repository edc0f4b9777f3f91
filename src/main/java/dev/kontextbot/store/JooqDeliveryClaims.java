package dev.kontextbot.store;

import dev.kontextbot.engine.port.DeliveryClaims;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static dev.kontextbot.store.generated.Tables.DELIVERY_CLAIM;

/**
 * Claims are rows keyed by the delivery: the primary key lets exactly one insert of a key succeed, whichever instance
 * makes it. Claims older than {@link #KEPT} are deleted now and then (platforms redeliver within minutes).
 */
public final class JooqDeliveryClaims implements DeliveryClaims {
    static final Duration KEPT = Duration.ofDays(1);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final DSLContext dsl;
    private final Clock clock;
    private final AtomicReference<Instant> nextPurge;

    public JooqDeliveryClaims(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
        this.nextPurge = new AtomicReference<>(clock.instant());
    }

    @Override
    public boolean claim(String key) {
        Instant now = clock.instant();
        purgeWhenDue(now);
        try {
            return dsl.insertInto(DELIVERY_CLAIM)
                    .set(DELIVERY_CLAIM.DELIVERY_KEY, key)
                    .set(DELIVERY_CLAIM.CLAIMED_AT, now.atOffset(ZoneOffset.UTC))
                    .onConflictDoNothing()
                    .execute() == 1;
        } catch (IntegrityConstraintViolationException claimedByAConcurrentInsert) {
            // H2 runs ON CONFLICT DO NOTHING as a MERGE, which two inserts of one key at the same moment can both pass
            // before either commits: the one that loses sees the primary key, which is exactly "claimed already".
            return false;
        }
    }

    private void purgeWhenDue(Instant now) {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
            return;
        }
        dsl.deleteFrom(DELIVERY_CLAIM).where(DELIVERY_CLAIM.CLAIMED_AT.lt(now.minus(KEPT).atOffset(ZoneOffset.UTC))).execute();
    }
}
