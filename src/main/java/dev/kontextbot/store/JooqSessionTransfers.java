package dev.kontextbot.store;

import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.TurnFailureJson;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.transfer.ImportedSession;
import dev.kontextbot.engine.transfer.SessionTransfers;
import dev.kontextbot.engine.review.VariantScore;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.kontextbot.store.generated.Tables.HEAD_CHANGE;
import static dev.kontextbot.store.generated.Tables.SESSION;
import static dev.kontextbot.store.generated.Tables.TENANT;
import static dev.kontextbot.store.generated.Tables.TURN;
import static dev.kontextbot.store.generated.Tables.TURN_REFERENCE;
import static dev.kontextbot.store.generated.Tables.VARIANT;
import static dev.kontextbot.store.generated.Tables.VOTE;

/** Reads a session's votes for an export and writes an imported session in one transaction. */
public final class JooqSessionTransfers implements SessionTransfers {
    private final DSLContext dsl;
    private final Clock clock;
    private final JooqSessionRepository sessions;
    private final JooqScoreRepository scores;
    private final ParamOverridesJson defaultsJson = new ParamOverridesJson();
    private final TurnFailureJson failures = new TurnFailureJson();

    public JooqSessionTransfers(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
        this.sessions = new JooqSessionRepository(dsl, clock);
        this.scores = new JooqScoreRepository(dsl);
    }

    @Override
    public List<CastVote> votesOfSession(long sessionId) {
        return dsl.select(VOTE.TURN_ID, VOTE.IDX, VOTE.VOTER, VOTE.CREATED_AT).from(VOTE).join(TURN).on(TURN.ID.eq(VOTE.TURN_ID))
                .where(TURN.SESSION_ID.eq(sessionId))
                .orderBy(VOTE.TURN_ID, VOTE.IDX, VOTE.CREATED_AT, VOTE.VOTER)
                .fetch(row -> new CastVote(new VariantRef(row.value1(), row.value2()), row.value3(), row.value4().toInstant()));
    }

    @Override
    public Session insert(ImportedSession imported) {
        return dsl.transactionResult(() -> {
            long sessionId = insertSession(imported);
            Map<Long, Long> turnIds = new HashMap<>();
            // Keys are in the order the turns were recorded, so a reroll's original already has its new id.
            for (ImportedSession.Turn turn : imported.turns()) {
                turnIds.put(turn.key(), insertTurn(sessionId, turn, turnIds));
            }
            for (CastVote vote : imported.votes()) {
                VariantRef ref = mapped(vote.variant(), turnIds);
                dsl.insertInto(VOTE).set(VOTE.TURN_ID, ref.turnId()).set(VOTE.IDX, ref.index())
                        .set(VOTE.VOTER, vote.voter()).set(VOTE.CREATED_AT, at(vote.castAt())).execute();
            }
            Map<VariantRef, VariantScore> scored = new LinkedHashMap<>();
            imported.scores().forEach((key, score) -> scored.put(mapped(key, turnIds), score));
            scores.save(scored);
            OffsetDateTime now = at(clock.instant());
            for (HeadChange head : imported.heads()) {
                VariantRef ref = head.variant() == null ? null : mapped(head.variant(), turnIds);
                dsl.insertInto(HEAD_CHANGE)
                        .set(HEAD_CHANGE.SESSION_ID, sessionId)
                        .set(HEAD_CHANGE.IMAGE, head.image().sha256())
                        .set(HEAD_CHANGE.TURN_ID, ref == null ? null : ref.turnId())
                        .set(HEAD_CHANGE.VARIANT_IDX, ref == null ? null : ref.index())
                        .set(HEAD_CHANGE.REASON, head.reason().name().toLowerCase(Locale.ROOT))
                        .set(HEAD_CHANGE.UNDONE, false)
                        .set(HEAD_CHANGE.CREATED_AT, now)
                        .execute();
            }
            return sessions.find(sessionId).orElseThrow();
        });
    }

    private long insertSession(ImportedSession imported) {
        var conversation = imported.conversation();
        String head = imported.head() == null ? null : imported.head().sha256();
        return dsl.insertInto(SESSION)
                .set(SESSION.TENANT_ID, tenantId(conversation.platform(), conversation.tenant()))
                .set(SESSION.CHANNEL_ID, conversation.channel())
                .set(SESSION.THREAD_KEY, conversation.thread())
                .set(SESSION.OWNER_ID, imported.owner())
                .set(SESSION.SOURCE_IMAGE, imported.source() == null ? null : imported.source().sha256())
                .set(SESSION.HEAD_IMAGE, head)
                .set(SESSION.DEFAULTS_JSON, defaultsJson.write(imported.defaults()))
                .set(SESSION.CREATED_AT, at(imported.createdAt()))
                .set(SESSION.UPDATED_AT, at(clock.instant()))
                .returning(SESSION.ID)
                .fetchOne(SESSION.ID);
    }

    private long insertTurn(long sessionId, ImportedSession.Turn turn, Map<Long, Long> turnIds) {
        TurnParams p = turn.params();
        long id = dsl.insertInto(TURN)
                .set(TURN.SESSION_ID, sessionId)
                .set(TURN.KIND, turn.kind().wireName())
                .set(TURN.PROMPT, turn.prompt())
                .set(TurnParamColumns.of(p))
                .set(TURN.PARENT_IMAGE, turn.parent() == null ? null : turn.parent().sha256())
                .set(TURN.REROLLED_FROM, turn.rerolledFrom() == null ? null : turnIds.get(turn.rerolledFrom()))
                .set(TURN.REQUESTED_BY, turn.requestedBy())
                .set(TURN.PROVIDER, turn.provider())
                .set(TURN.STATUS, turn.status().wireName())
                .set(TURN.ERROR_CODE, turn.errorCode())
                .set(TURN.ERROR_MESSAGE, turn.errorMessage())
                .set(TURN.ERROR_DETAIL, failures.write(turn.failure()))
                .set(TURN.ATTEMPTS, 0)
                .set(TURN.COST_MICROS, turn.costMicros())
                .set(TURN.INPUT_BYTES_SENT, turn.inputBytesSent())
                .set(TURN.CREATED_AT, at(turn.createdAt()))
                .set(TURN.STARTED_AT, turn.startedAt() == null ? null : at(turn.startedAt()))
                .set(TURN.FINISHED_AT, turn.finishedAt() == null ? null : at(turn.finishedAt()))
                .set(TURN.REFERENCE_COUNT, turn.references().size())
                .returning(TURN.ID)
                .fetchOne(TURN.ID);
        for (int i = 0; i < turn.references().size(); i++) {
            dsl.insertInto(TURN_REFERENCE)
                    .set(TURN_REFERENCE.TURN_ID, id)
                    .set(TURN_REFERENCE.POSITION, i)
                    .set(TURN_REFERENCE.IMAGE, turn.references().get(i).sha256())
                    .execute();
        }
        for (Variant v : turn.variants()) {
            dsl.insertInto(VARIANT)
                    .set(VARIANT.TURN_ID, id)
                    .set(VARIANT.IDX, v.index())
                    .set(VARIANT.IMAGE, v.image().sha256())
                    .set(VARIANT.CONTEXT_IMAGE, v.context().sha256())
                    .set(VARIANT.SEED, v.seed())
                    .set(VARIANT.VOTES, v.votes())
                    .execute();
        }
        return id;
    }

    private static VariantRef mapped(VariantRef key, Map<Long, Long> turnIds) {
        Long id = turnIds.get(key.turnId());
        if (id == null) {
            throw new IllegalArgumentException("the imported session has no turn " + key.turnId());
        }
        return new VariantRef(id, key.index());
    }

    private long tenantId(Platform platform, String externalId) {
        Long existing = dsl.select(TENANT.ID).from(TENANT)
                .where(TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(externalId))
                .fetchOne(TENANT.ID);
        if (existing != null) {
            return existing;
        }
        return dsl.insertInto(TENANT)
                .set(TENANT.PLATFORM, platform.wireName())
                .set(TENANT.EXTERNAL_ID, externalId)
                .set(TENANT.CREATED_AT, at(clock.instant()))
                .returning(TENANT.ID)
                .fetchOne(TENANT.ID);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
