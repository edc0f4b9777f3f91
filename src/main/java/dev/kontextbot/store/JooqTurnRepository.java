package dev.kontextbot.store;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnFailureJson;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.store.generated.tables.records.TurnRecord;
import dev.kontextbot.store.generated.tables.records.VariantRecord;
import dev.kontextbot.engine.model.Platform;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.kontextbot.store.generated.Tables.ARRIVAL;
import static dev.kontextbot.store.generated.Tables.SESSION;
import static dev.kontextbot.store.generated.Tables.TENANT;
import static dev.kontextbot.store.generated.Tables.TURN;
import static dev.kontextbot.store.generated.Tables.TURN_REFERENCE;
import static dev.kontextbot.store.generated.Tables.VARIANT;

public final class JooqTurnRepository implements TurnRepository {
    private static final List<String> UNFINISHED = List.of(TurnStatus.QUEUED.wireName(), TurnStatus.RUNNING.wireName());

    private final DSLContext dsl;
    private final TurnFailureJson failures = new TurnFailureJson();

    public JooqTurnRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Turn insert(NewTurn turn, Instant now) {
        TurnParams p = turn.params();
        Instant created = stored(now);
        // Only the id comes back: the rest of the row is what was just written, and selecting all of a turn's columns
        // back was a good part of the cost of storing one.
        long id = dsl.insertInto(TURN)
                .set(TURN.SESSION_ID, turn.sessionId())
                .set(TURN.KIND, turn.kind().wireName())
                .set(TURN.PROMPT, turn.prompt())
                .set(TurnParamColumns.of(p))
                .set(TURN.PARENT_IMAGE, turn.parent() == null ? null : turn.parent().sha256())
                .set(TURN.REROLLED_FROM, turn.rerolledFrom())
                .set(TURN.REQUESTED_BY, turn.requestedBy())
                .set(TURN.REQUEST_KEY, turn.requestKey())
                .set(TURN.PROVIDER, turn.provider())
                .set(TURN.STATUS, TurnStatus.QUEUED.wireName())
                .set(TURN.ATTEMPTS, 0)
                .set(TURN.COST_MICROS, 0L)
                .set(TURN.CREATED_AT, at(created))
                .set(TURN.REFERENCE_COUNT, turn.references().size())
                .returningResult(TURN.ID)
                .fetchOne(TURN.ID);
        if (!turn.references().isEmpty()) {
            var insert = dsl.insertInto(TURN_REFERENCE, TURN_REFERENCE.TURN_ID, TURN_REFERENCE.POSITION, TURN_REFERENCE.IMAGE);
            for (int i = 0; i < turn.references().size(); i++) {
                insert = insert.values(id, i, turn.references().get(i).sha256());
            }
            insert.execute();
        }
        return Turn.builder(turn.sessionId(), turn.kind(), turn.prompt(), p).id(id).parent(turn.parent()).rerolledFrom(turn.rerolledFrom())
                .requestedBy(turn.requestedBy()).provider(turn.provider()).createdAt(created).references(turn.references()).build();
    }

    @Override
    public Optional<Turn> find(long id) {
        return dsl.selectFrom(TURN).where(TURN.ID.eq(id)).fetchOptional().map(row -> withReferences(List.of(row)).get(0));
    }

    @Override
    public Optional<Turn> findByRequestKey(String requestKey) {
        return dsl.selectFrom(TURN).where(TURN.REQUEST_KEY.eq(requestKey)).fetchOptional().map(row -> withReferences(List.of(row)).get(0));
    }

    @Override
    public List<Turn> ofSession(long sessionId) {
        return withReferences(dsl.selectFrom(TURN).where(TURN.SESSION_ID.eq(sessionId)).orderBy(TURN.ID).fetch());
    }

    @Override
    public List<Turn> unfinished() {
        return withReferences(dsl.selectFrom(TURN).where(TURN.STATUS.in(UNFINISHED)).orderBy(TURN.ID).fetch());
    }

    @Override
    public OptionalLong oldestQueued(long sessionId) {
        return dsl.select(TURN.ID).from(TURN)
                .where(TURN.SESSION_ID.eq(sessionId), TURN.STATUS.eq(TurnStatus.QUEUED.wireName()))
                .orderBy(TURN.ID)
                .limit(1)
                .fetchOptional(TURN.ID)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public boolean hasQueued(long sessionId) {
        return anyTurn(TURN.SESSION_ID.eq(sessionId), TURN.STATUS.eq(TurnStatus.QUEUED.wireName()));
    }

    @Override
    public int countWithStatus(TurnStatus status) {
        return dsl.fetchCount(TURN, TURN.STATUS.eq(status.wireName()));
    }

    @Override
    public int unfinishedBefore(long sessionId, long turnId) {
        return dsl.fetchCount(TURN, TURN.SESSION_ID.eq(sessionId), TURN.ID.lt(turnId), TURN.STATUS.in(UNFINISHED));
    }

    @Override
    public Lane lockLane(long sessionId) {
        // Every claim for a session goes through its row lock, so two instances never both see the lane free. The
        // locked row is read as it is now; whether a turn runs is asked afterwards, in a statement of its own, so it
        // too sees what committed while this one waited for the lock.
        String head = dsl.select(SESSION.HEAD_IMAGE).from(SESSION).where(SESSION.ID.eq(sessionId)).forUpdate().fetchOne(SESSION.HEAD_IMAGE);
        return new Lane(laneBusy(sessionId), head == null ? null : new ImageId(head));
    }

    @Override
    public boolean laneBusy(long sessionId) {
        return anyTurn(TURN.SESSION_ID.eq(sessionId), TURN.STATUS.eq(TurnStatus.RUNNING.wireName()));
    }

    /** Asked on every turn: a one-column select builds and renders in jOOQ at about half the cost of fetchExists. */
    private boolean anyTurn(Condition... conditions) {
        return dsl.select(TURN.ID).from(TURN).where(conditions).limit(1).fetchOptional().isPresent();
    }

    @Override
    public Optional<Turn> claim(Turn queued, ImageId parent, Lease lease, Instant now) {
        Instant started = stored(now);
        int claimed = dsl.update(TURN)
                .set(TURN.STATUS, TurnStatus.RUNNING.wireName())
                .set(TURN.PARENT_IMAGE, parent == null ? null : parent.sha256())
                .set(TURN.STARTED_AT, at(started))
                .set(TURN.INSTANCE_ID, lease.instance())
                .set(TURN.LEASE_UNTIL, at(lease.until()))
                .where(TURN.ID.eq(queued.id()), TURN.STATUS.eq(TurnStatus.QUEUED.wireName()))
                .execute();
        // Nothing else changes a queued turn, so the claimed row is the queued one with these columns set.
        return claimed == 0 ? Optional.empty() : Optional.of(queued.toBuilder().parent(parent)
                .status(TurnStatus.RUNNING).startedAt(started).build());
    }

    @Override
    public Set<Long> renewLeases(Collection<Long> turnIds, Lease lease) {
        Set<Long> held = new HashSet<>();
        for (List<Long> chunk : chunks(turnIds)) {
            held.addAll(dsl.update(TURN)
                    .set(TURN.LEASE_UNTIL, at(lease.until()))
                    .where(TURN.ID.in(chunk), TURN.INSTANCE_ID.eq(lease.instance()), TURN.STATUS.eq(TurnStatus.RUNNING.wireName()))
                    .returning(TURN.ID)
                    .fetch(TURN.ID));
        }
        return held;
    }

    @Override
    public List<TakenOver> takeOver(Lease lease, Instant expiredBefore, int limit) {
        return dsl.transactionResult(() -> {
            // SKIP LOCKED: two instances sweeping at the same moment split the expired turns instead of waiting on each other.
            // Their holders are read under the same lock: what a turn's message says depends on who stopped with it.
            Map<Long, String> holders = dsl.select(TURN.ID, TURN.INSTANCE_ID).from(TURN)
                    .where(TURN.STATUS.eq(TurnStatus.RUNNING.wireName()), expiredBefore == null ? DSL.noCondition()
                            : TURN.LEASE_UNTIL.isNull().or(TURN.LEASE_UNTIL.lt(at(expiredBefore))))
                    .orderBy(TURN.ID)
                    .limit(limit)
                    .forUpdate().skipLocked()
                    .fetchMap(TURN.ID, TURN.INSTANCE_ID);
            if (holders.isEmpty()) {
                return List.<TakenOver>of();
            }
            return withReferences(dsl.update(TURN)
                    .set(TURN.INSTANCE_ID, lease.instance())
                    .set(TURN.LEASE_UNTIL, at(lease.until()))
                    .where(TURN.ID.in(holders.keySet()), TURN.STATUS.eq(TurnStatus.RUNNING.wireName()))
                    .returning()
                    .fetch()
                    .stream()
                    .sorted(Comparator.comparingLong(TurnRecord::getId))
                    .toList()).stream()
                    .map(turn -> new TakenOver(turn, holders.get(turn.id())))
                    .toList();
        });
    }

    @Override
    public List<Turn> overdue(Instant startedBefore, int limit) {
        return withReferences(dsl.selectFrom(TURN)
                .where(TURN.STATUS.eq(TurnStatus.RUNNING.wireName()), TURN.STARTED_AT.lt(at(startedBefore)))
                .orderBy(TURN.ID)
                .limit(limit)
                .fetch());
    }

    @Override
    public void releaseLeases(String instance, Collection<Long> turnIds) {
        for (List<Long> chunk : chunks(turnIds)) {
            dsl.update(TURN)
                    .setNull(TURN.LEASE_UNTIL)
                    .where(TURN.ID.in(chunk), TURN.INSTANCE_ID.eq(instance), TURN.STATUS.eq(TurnStatus.RUNNING.wireName()))
                    .execute();
        }
    }

    @Override
    public Optional<Lease> leaseOf(long turnId) {
        return dsl.select(TURN.INSTANCE_ID, TURN.LEASE_UNTIL).from(TURN)
                .where(TURN.ID.eq(turnId), TURN.STATUS.eq(TurnStatus.RUNNING.wireName()), TURN.INSTANCE_ID.isNotNull())
                .fetchOptional(row -> new Lease(row.value1(), instant(row.value2())));
    }

    @Override
    public List<Long> idleLanes(int limit) {
        var queued = TURN.as("queued");
        var running = TURN.as("running");
        return dsl.selectDistinct(queued.SESSION_ID).from(queued)
                .where(queued.STATUS.eq(TurnStatus.QUEUED.wireName()))
                .andNotExists(DSL.selectOne().from(running)
                        .where(running.SESSION_ID.eq(queued.SESSION_ID), running.STATUS.eq(TurnStatus.RUNNING.wireName())))
                .orderBy(queued.SESSION_ID)
                .limit(limit)
                .fetch(queued.SESSION_ID);
    }

    @Override
    public boolean markSubmitting(long turnId, String instance, Instant now) {
        return dsl.update(TURN)
                .set(TURN.SUBMITTING_AT, at(now))
                .set(TURN.ATTEMPTS, TURN.ATTEMPTS.plus(1))
                .where(TURN.ID.eq(turnId), heldBy(instance))
                .execute() == 1;
    }

    @Override
    public void addInputBytesSent(long turnId, long bytes) {
        dsl.update(TURN).set(TURN.INPUT_BYTES_SENT, DSL.coalesce(TURN.INPUT_BYTES_SENT, 0L).plus(bytes)).where(TURN.ID.eq(turnId)).execute();
    }

    @Override
    public boolean clearSubmitting(long turnId, String instance) {
        return dsl.update(TURN).setNull(TURN.SUBMITTING_AT).where(TURN.ID.eq(turnId), heldBy(instance)).execute() == 1;
    }

    @Override
    public boolean storeJob(long turnId, String instance, String job) {
        return dsl.update(TURN).set(TURN.PROVIDER_JOB, job).where(TURN.ID.eq(turnId), heldBy(instance)).execute() == 1;
    }

    @Override
    public boolean storeProgress(long turnId, String instance, String job, List<Variant> arrived) {
        return dsl.transactionResult(() -> {
            if (dsl.update(TURN).set(TURN.PROVIDER_JOB, job).where(TURN.ID.eq(turnId), heldBy(instance)).execute() == 0) {
                return false;
            }
            var insert = dsl.insertInto(ARRIVAL, ARRIVAL.TURN_ID, ARRIVAL.IDX, ARRIVAL.IMAGE, ARRIVAL.CONTEXT_IMAGE, ARRIVAL.SEED);
            for (Variant v : arrived) {
                insert = insert.values(turnId, v.index(), v.image().sha256(), v.context().sha256(), v.seed());
            }
            if (!arrived.isEmpty()) {
                insert.execute();
            }
            return true;
        });
    }

    @Override
    public List<Variant> arrivals(long turnId) {
        return dsl.selectFrom(ARRIVAL).where(ARRIVAL.TURN_ID.eq(turnId)).orderBy(ARRIVAL.IDX)
                .fetch(row -> new Variant(turnId, row.getIdx(), new ImageId(row.getImage()), new ImageId(row.getContextImage()), row.getSeed(), 0));
    }

    @Override
    public boolean complete(long turnId, String instance, List<Variant> variants, long costMicros, Optional<String> shortfall, TurnFailure lacking,
                            Instant now) {
        return dsl.transactionResult(() -> {
            int changed = dsl.update(TURN)
                    .set(TURN.STATUS, TurnStatus.DONE.wireName())
                    .set(TURN.COST_MICROS, costMicros)
                    .set(TURN.ERROR_CODE, shortfall.map(reason -> Turn.SHORTFALL).orElse(null))
                    .set(TURN.ERROR_MESSAGE, shortfall.map(reason -> truncate(reason, 1000)).orElse(null))
                    .set(TURN.ERROR_DETAIL, shortfall.isPresent() ? failures.write(lacking) : null)
                    .set(TURN.FINISHED_AT, at(now))
                    .where(TURN.ID.eq(turnId), instance == null ? TURN.STATUS.in(UNFINISHED) : heldBy(instance))
                    .execute();
            if (changed == 0) {
                return false;
            }
            var insert = dsl.insertInto(VARIANT, VARIANT.TURN_ID, VARIANT.IDX, VARIANT.IMAGE, VARIANT.CONTEXT_IMAGE, VARIANT.SEED, VARIANT.VOTES);
            for (Variant v : variants) {
                insert = insert.values(turnId, v.index(), v.image().sha256(), v.context().sha256(), v.seed(), v.votes());
            }
            if (!variants.isEmpty()) {
                insert.execute();
            }
            // The arrivals are the turn's variants now (the engine passed them in).
            dsl.deleteFrom(ARRIVAL).where(ARRIVAL.TURN_ID.eq(turnId)).execute();
            return true;
        });
    }

    @Override
    public boolean end(long turnId, String instance, TurnStatus status, String errorCode, String errorMessage, TurnFailure failure, Instant now) {
        if (!status.isFinal() || status == TurnStatus.DONE) {
            throw new IllegalArgumentException("a turn ends without images as failed, moderated or cancelled, not " + status);
        }
        return dsl.update(TURN)
                .set(TURN.STATUS, status.wireName())
                .set(TURN.ERROR_CODE, errorCode)
                .set(TURN.ERROR_MESSAGE, errorMessage == null ? null : truncate(errorMessage, 1000))
                .set(TURN.ERROR_DETAIL, failures.write(failure))
                .set(TURN.FINISHED_AT, at(now))
                .where(TURN.ID.eq(turnId), instance == null ? TURN.STATUS.in(UNFINISHED) : heldBy(instance))
                .execute() == 1;
    }

    /** The fence of every step of a running turn: it is still running, and still this instance's. */
    private static Condition heldBy(String instance) {
        return TURN.STATUS.eq(TurnStatus.RUNNING.wireName()).and(TURN.INSTANCE_ID.eq(instance));
    }

    /** IN lists stay well below every database's limit on bind values. */
    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return chunks;
    }

    /**
     * Driven from the turns (the unfinished ones, or the last hour's, through their indexes) with the tenant as a
     * correlated condition: joined the other way, H2 read every turn the tenant ever had, once per new turn.
     */
    @Override
    public void lockTurnQuota(Platform platform, String tenant, Instant now) {
        TenantRows.lock(dsl, platform, tenant, at(now));
    }

    @Override
    public int countOf(Platform platform, String tenant, String requester, Instant since) {
        return count(platform, tenant, requester, since == null ? TURN.STATUS.in(UNFINISHED) : TURN.CREATED_AT.ge(at(since)));
    }

    @Override
    public int runningOf(Platform platform, String tenant, String requester) {
        return count(platform, tenant, requester, TURN.STATUS.eq(TurnStatus.RUNNING.wireName()));
    }

    private int count(Platform platform, String tenant, String requester, Condition which) {
        Condition ofTenant = DSL.exists(DSL.selectOne().from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(SESSION.ID.eq(TURN.SESSION_ID), TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(tenant)));
        Condition condition = which.and(requester == null ? DSL.noCondition() : TURN.REQUESTED_BY.eq(requester)).and(ofTenant);
        return dsl.fetchCount(TURN, condition);
    }

    @Override
    public List<Variant> variants(long turnId) {
        return dsl.selectFrom(VARIANT).where(VARIANT.TURN_ID.eq(turnId)).orderBy(VARIANT.IDX).fetch(JooqTurnRepository::toVariant);
    }

    @Override
    public List<Variant> variantsOfSession(long sessionId) {
        return dsl.select(VARIANT.fields()).from(VARIANT).join(TURN).on(TURN.ID.eq(VARIANT.TURN_ID))
                .where(TURN.SESSION_ID.eq(sessionId))
                .orderBy(VARIANT.TURN_ID, VARIANT.IDX)
                .fetchInto(VARIANT)
                .map(JooqTurnRepository::toVariant);
    }

    private static Variant toVariant(VariantRecord row) {
        return new Variant(row.getTurnId(), row.getIdx(), new ImageId(row.getImage()), new ImageId(row.getContextImage()),
                row.getSeed(), row.getVotes());
    }

    /**
     * The turns of these rows with their references: one more query, and only when one of them has references (most
     * turns have none, and reading them stays a single query).
     */
    private List<Turn> withReferences(List<TurnRecord> rows) {
        List<Long> withSome = rows.stream().filter(row -> row.getReferenceCount() > 0).map(TurnRecord::getId).toList();
        if (withSome.isEmpty()) {
            return rows.stream().map(this::toTurn).toList();
        }
        java.util.Map<Long, List<ImageId>> references = new java.util.HashMap<>();
        for (List<Long> chunk : chunks(withSome)) {
            dsl.selectFrom(TURN_REFERENCE).where(TURN_REFERENCE.TURN_ID.in(chunk))
                    .orderBy(TURN_REFERENCE.TURN_ID, TURN_REFERENCE.POSITION)
                    .forEach(ref -> references.computeIfAbsent(ref.getTurnId(), id -> new ArrayList<>()).add(new ImageId(ref.getImage())));
        }
        return rows.stream().map(row -> toTurn(row).toBuilder().references(references.getOrDefault(row.getId(), List.of())).build()).toList();
    }

    private Turn toTurn(TurnRecord row) {
        TurnParams params = new TurnParams(
                ModelId.parse(row.getModel()),
                row.getAspectRatio() == null ? null : AspectRatio.parse(row.getAspectRatio()),
                row.getNumImages(), row.getGuidanceScale(),
                OutputFormat.parse(row.getOutputFormat()),
                row.getSafetyTolerance(), row.getEnhancePrompt(), row.getSeed());
        return Turn.builder(row.getSessionId(), TurnKind.parse(row.getKind()), row.getPrompt(), params).id(row.getId())
                .parent(row.getParentImage() == null ? null : new ImageId(row.getParentImage()))
                .rerolledFrom(row.getRerolledFrom()).requestedBy(row.getRequestedBy()).provider(row.getProvider()).providerJob(row.getProviderJob())
                .status(TurnStatus.parse(row.getStatus())).errorCode(row.getErrorCode()).errorMessage(row.getErrorMessage())
                .failure(failures.read(row.getErrorDetail(), failed(row) ? row.getErrorMessage() : null))
                .attempts(row.getAttempts()).costMicros(row.getCostMicros())
                .createdAt(instant(row.getCreatedAt())).startedAt(instant(row.getStartedAt())).submittingAt(instant(row.getSubmittingAt()))
                .finishedAt(instant(row.getFinishedAt())).inputBytesSent(row.getInputBytesSent()).build();
    }

    /** A turn that ended without images: its error message is why (a done turn's is its shortfall). */
    private static boolean failed(TurnRecord row) {
        return !TurnStatus.DONE.wireName().equals(row.getStatus());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** As the database keeps it: timestamps hold microseconds. */
    private static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
