package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.store.generated.tables.records.HeadChangeRecord;
import dev.kontextbot.store.generated.tables.records.SessionRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.HEAD_CHANGE;
import static dev.kontextbot.store.generated.Tables.SESSION;
import static dev.kontextbot.store.generated.Tables.TENANT;
import static dev.kontextbot.store.generated.Tables.TURN;
import static dev.kontextbot.store.generated.Tables.TURN_REFERENCE;
import static dev.kontextbot.store.generated.Tables.VARIANT;

public final class JooqSessionRepository implements SessionRepository {
    private final DSLContext dsl;
    private final Clock clock;
    private final ParamOverridesJson defaultsJson = new ParamOverridesJson();

    public JooqSessionRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public Session create(Conversation conversation, String owner, ImageId source, ParamOverrides defaults, VariantRef branchedFrom) {
        return dsl.transactionResult(() -> {
            long tenantId = tenantId(conversation.platform(), conversation.tenant());
            OffsetDateTime now = now();
            SessionRecord row = dsl.insertInto(SESSION)
                    .set(SESSION.TENANT_ID, tenantId)
                    .set(SESSION.CHANNEL_ID, conversation.channel())
                    .set(SESSION.THREAD_KEY, conversation.thread())
                    .set(SESSION.OWNER_ID, owner)
                    .set(SESSION.SOURCE_IMAGE, source == null ? null : source.sha256())
                    .set(SESSION.HEAD_IMAGE, source == null ? null : source.sha256())
                    .set(SESSION.DEFAULTS_JSON, defaultsJson.write(defaults))
                    .set(SESSION.BRANCHED_FROM_TURN, branchedFrom == null ? null : branchedFrom.turnId())
                    .set(SESSION.BRANCHED_FROM_INDEX, branchedFrom == null ? null : branchedFrom.index())
                    .set(SESSION.CREATED_AT, now)
                    .set(SESSION.UPDATED_AT, now)
                    .returning()
                    .fetchOne();
            if (source != null) {
                insertHeadChange(row.getId(), new HeadChange(source, branchedFrom,
                        branchedFrom == null ? HeadChange.Reason.SOURCE : HeadChange.Reason.BRANCH), now);
            }
            return find(row.getId()).orElseThrow();
        });
    }

    private long tenantId(Platform platform, String externalId) {
        return TenantRows.idOf(dsl, platform, externalId, now());
    }

    @Override
    public Optional<Session> find(long id) {
        return dsl.select().from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(SESSION.ID.eq(id))
                .fetchOptional(this::toSession);
    }

    @Override
    public Optional<Session> findByConversation(Conversation conversation) {
        return dsl.select().from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(TENANT.PLATFORM.eq(conversation.platform().wireName()),
                        TENANT.EXTERNAL_ID.eq(conversation.tenant()),
                        SESSION.CHANNEL_ID.eq(conversation.channel()),
                        SESSION.THREAD_KEY.eq(conversation.thread()))
                .fetchOptional(this::toSession);
    }

    @Override
    public void changeHead(long sessionId, HeadChange change) {
        dsl.transaction(() -> {
            OffsetDateTime now = now();
            // A new change forgets what undo left to redo; the session's flag says whether there is any (a lookup by key).
            boolean redoPending = dsl.update(SESSION).set(SESSION.REDO_PENDING, false)
                    .where(SESSION.ID.eq(sessionId), SESSION.REDO_PENDING.eq(true)).execute() == 1;
            if (redoPending) {
                dsl.update(HEAD_CHANGE).set(HEAD_CHANGE.REDOABLE, false)
                        .where(HEAD_CHANGE.SESSION_ID.eq(sessionId), HEAD_CHANGE.REDOABLE.eq(true)).execute();
            }
            insertHeadChange(sessionId, change, now);
            setHead(sessionId, change.image(), now);
        });
    }

    @Override
    public Optional<ImageId> undoHead(long sessionId) {
        return dsl.transactionResult(() -> {
            List<HeadChangeRecord> live = liveRows(sessionId);
            if (live.size() < 2) {
                return Optional.<ImageId>empty();
            }
            HeadChangeRecord newest = live.get(live.size() - 1);
            dsl.update(HEAD_CHANGE).set(HEAD_CHANGE.UNDONE, true).set(HEAD_CHANGE.REDOABLE, true)
                    .where(HEAD_CHANGE.ID.eq(newest.getId())).execute();
            ImageId previous = new ImageId(live.get(live.size() - 2).getImage());
            setHead(sessionId, previous, now());
            dsl.update(SESSION).set(SESSION.REDO_PENDING, true).where(SESSION.ID.eq(sessionId)).execute();
            return Optional.of(previous);
        });
    }

    @Override
    public Optional<ImageId> redoHead(long sessionId) {
        return dsl.transactionResult(() -> {
            // Undo goes back newest first, so the change undone last is the oldest one still redoable.
            Optional<HeadChangeRecord> next = redoable(sessionId);
            if (next.isEmpty()) {
                return Optional.<ImageId>empty();
            }
            dsl.update(HEAD_CHANGE).set(HEAD_CHANGE.UNDONE, false).set(HEAD_CHANGE.REDOABLE, false)
                    .where(HEAD_CHANGE.ID.eq(next.get().getId())).execute();
            ImageId image = new ImageId(next.get().getImage());
            setHead(sessionId, image, now());
            return Optional.of(image);
        });
    }

    @Override
    public boolean canRedo(long sessionId) {
        Boolean pending = dsl.select(SESSION.REDO_PENDING).from(SESSION).where(SESSION.ID.eq(sessionId)).fetchOne(SESSION.REDO_PENDING);
        return Boolean.TRUE.equals(pending) && redoable(sessionId).isPresent();
    }

    private Optional<HeadChangeRecord> redoable(long sessionId) {
        return dsl.selectFrom(HEAD_CHANGE)
                .where(HEAD_CHANGE.SESSION_ID.eq(sessionId), HEAD_CHANGE.REDOABLE.eq(true))
                .orderBy(HEAD_CHANGE.ID)
                .limit(1)
                .fetchOptional();
    }

    @Override
    public List<HeadChange> liveHeads(long sessionId) {
        return liveRows(sessionId).stream().map(JooqSessionRepository::toHeadChange).toList();
    }

    @Override
    public void updateDefaults(long sessionId, ParamOverrides defaults) {
        dsl.update(SESSION)
                .set(SESSION.DEFAULTS_JSON, defaultsJson.write(defaults))
                .set(SESSION.UPDATED_AT, now())
                .where(SESSION.ID.eq(sessionId))
                .execute();
    }

    @Override
    public boolean imageBelongsTo(Platform platform, String tenant, ImageId image) {
        var tenantSessions = DSL.select(SESSION.ID).from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(tenant));
        return dsl.fetchExists(DSL.selectOne().from(HEAD_CHANGE)
                        .where(HEAD_CHANGE.IMAGE.eq(image.sha256()), HEAD_CHANGE.SESSION_ID.in(tenantSessions)))
                || dsl.fetchExists(DSL.selectOne().from(VARIANT).join(TURN).on(TURN.ID.eq(VARIANT.TURN_ID))
                        .where(VARIANT.IMAGE.eq(image.sha256()).or(VARIANT.CONTEXT_IMAGE.eq(image.sha256())), TURN.SESSION_ID.in(tenantSessions)))
                || dsl.fetchExists(DSL.selectOne().from(TURN_REFERENCE).join(TURN).on(TURN.ID.eq(TURN_REFERENCE.TURN_ID))
                        .where(TURN_REFERENCE.IMAGE.eq(image.sha256()), TURN.SESSION_ID.in(tenantSessions)));
    }

    @Override
    public List<Session> recentIn(Platform platform, String tenant, String channel, int limit) {
        return dsl.select().from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(tenant), SESSION.CHANNEL_ID.eq(channel))
                .orderBy(SESSION.ID.desc())
                .limit(limit)
                .fetch(this::toSession);
    }

    @Override
    public List<Session> branchesOf(long sessionId) {
        return dsl.select().from(SESSION).join(TENANT).on(TENANT.ID.eq(SESSION.TENANT_ID))
                .where(SESSION.BRANCHED_FROM_TURN.in(DSL.select(TURN.ID).from(TURN).where(TURN.SESSION_ID.eq(sessionId))))
                .orderBy(SESSION.ID)
                .fetch(this::toSession);
    }

    @Override
    public long count() {
        return dsl.fetchCount(SESSION);
    }

    private List<HeadChangeRecord> liveRows(long sessionId) {
        return dsl.selectFrom(HEAD_CHANGE)
                .where(HEAD_CHANGE.SESSION_ID.eq(sessionId), HEAD_CHANGE.UNDONE.isFalse())
                .orderBy(HEAD_CHANGE.ID)
                .fetch();
    }

    private void insertHeadChange(long sessionId, HeadChange change, OffsetDateTime now) {
        dsl.insertInto(HEAD_CHANGE)
                .set(HEAD_CHANGE.SESSION_ID, sessionId)
                .set(HEAD_CHANGE.IMAGE, change.image().sha256())
                .set(HEAD_CHANGE.TURN_ID, change.variant() == null ? null : change.variant().turnId())
                .set(HEAD_CHANGE.VARIANT_IDX, change.variant() == null ? null : change.variant().index())
                .set(HEAD_CHANGE.REASON, change.reason().name().toLowerCase(java.util.Locale.ROOT))
                .set(HEAD_CHANGE.UNDONE, false)
                .set(HEAD_CHANGE.CREATED_AT, now)
                .execute();
    }

    private void setHead(long sessionId, ImageId head, OffsetDateTime now) {
        dsl.update(SESSION)
                .set(SESSION.HEAD_IMAGE, head.sha256())
                .set(SESSION.UPDATED_AT, now)
                .where(SESSION.ID.eq(sessionId))
                .execute();
    }

    private static HeadChange toHeadChange(HeadChangeRecord row) {
        VariantRef variant = row.getTurnId() == null ? null : new VariantRef(row.getTurnId(), row.getVariantIdx());
        return new HeadChange(new ImageId(row.getImage()), variant,
                HeadChange.Reason.valueOf(row.getReason().toUpperCase(java.util.Locale.ROOT)));
    }

    private Session toSession(Record row) {
        SessionRecord s = row.into(SESSION);
        Conversation conversation = new Conversation(Platform.parse(row.get(TENANT.PLATFORM)), row.get(TENANT.EXTERNAL_ID),
                s.getChannelId(), s.getThreadKey());
        VariantRef branchedFrom = s.getBranchedFromTurn() == null ? null : new VariantRef(s.getBranchedFromTurn(), s.getBranchedFromIndex());
        return new Session(s.getId(), conversation, s.getOwnerId(),
                s.getSourceImage() == null ? null : new ImageId(s.getSourceImage()),
                s.getHeadImage() == null ? null : new ImageId(s.getHeadImage()),
                defaultsJson.read(s.getDefaultsJson()), branchedFrom, s.getCreatedAt().toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
