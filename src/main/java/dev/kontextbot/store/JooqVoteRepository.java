package dev.kontextbot.store;

import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.VoteRepository;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static dev.kontextbot.store.generated.Tables.VARIANT;
import static dev.kontextbot.store.generated.Tables.VOTE;

public final class JooqVoteRepository implements VoteRepository {
    private final DSLContext dsl;
    private final Clock clock;

    public JooqVoteRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public int vote(VariantRef variant, String voter, boolean add) {
        return dsl.transactionResult(() -> {
            // Two people voting at once must not each count only their own vote: the variant row is the lock.
            dsl.selectFrom(VARIANT).where(VARIANT.TURN_ID.eq(variant.turnId()), VARIANT.IDX.eq(variant.index())).forUpdate().fetch();
            if (add) {
                dsl.insertInto(VOTE)
                        .set(VOTE.TURN_ID, variant.turnId())
                        .set(VOTE.IDX, variant.index())
                        .set(VOTE.VOTER, voter)
                        .set(VOTE.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                        .onConflictDoNothing()
                        .execute();
            } else {
                dsl.deleteFrom(VOTE)
                        .where(VOTE.TURN_ID.eq(variant.turnId()), VOTE.IDX.eq(variant.index()), VOTE.VOTER.eq(voter))
                        .execute();
            }
            int count = dsl.fetchCount(VOTE, VOTE.TURN_ID.eq(variant.turnId()), VOTE.IDX.eq(variant.index()));
            dsl.update(VARIANT).set(VARIANT.VOTES, count)
                    .where(VARIANT.TURN_ID.eq(variant.turnId()), VARIANT.IDX.eq(variant.index()))
                    .execute();
            return count;
        });
    }
}
