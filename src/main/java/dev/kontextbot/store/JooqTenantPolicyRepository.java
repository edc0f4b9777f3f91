package dev.kontextbot.store;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.policy.PolicyChange;
import dev.kontextbot.engine.policy.PolicyEdit;
import dev.kontextbot.engine.policy.TenantPolicy;
import dev.kontextbot.engine.policy.TenantPolicyRepository;
import dev.kontextbot.store.generated.tables.records.PolicyAuditRecord;
import dev.kontextbot.store.generated.tables.records.TenantPolicyRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.kontextbot.store.generated.Tables.POLICY_AUDIT;
import static dev.kontextbot.store.generated.Tables.TENANT_POLICY;

public final class JooqTenantPolicyRepository implements TenantPolicyRepository {
    private final DSLContext dsl;
    private final Clock clock;
    private final PolicyEditJson json = new PolicyEditJson();

    public JooqTenantPolicyRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public Optional<TenantPolicy> find(Platform platform, String tenant) {
        return dsl.selectFrom(TENANT_POLICY).where(of(platform, tenant)).fetchOptional(JooqTenantPolicyRepository::toPolicy);
    }

    @Override
    public TenantPolicy lock(Platform platform, String tenant) {
        // A row to lock must exist: the first change of a tenant creates an empty one (rolled back with a failed change).
        dsl.insertInto(TENANT_POLICY)
                .set(TENANT_POLICY.PLATFORM, platform.wireName())
                .set(TENANT_POLICY.TENANT, tenant)
                .set(TENANT_POLICY.ALLOWED_CHANNELS, "")
                .set(TENANT_POLICY.ALLOWED_ROLES, "")
                .set(TENANT_POLICY.ALLOWED_MODELS, "")
                .set(TENANT_POLICY.UPDATED_BY, "")
                .set(TENANT_POLICY.UPDATED_AT, now())
                .onConflictDoNothing()
                .execute();
        return toPolicy(dsl.selectFrom(TENANT_POLICY).where(of(platform, tenant)).forUpdate().fetchSingle());
    }

    @Override
    public void save(Platform platform, String tenant, TenantPolicy policy, String actor) {
        dsl.update(TENANT_POLICY)
                .set(TENANT_POLICY.ALLOWED_CHANNELS, String.join(",", policy.allowedChannels()))
                .set(TENANT_POLICY.ALLOWED_ROLES, String.join(",", policy.allowedRoles()))
                .set(TENANT_POLICY.ALLOWED_MODELS, policy.allowedModels().stream().map(ModelId::id).collect(Collectors.joining(",")))
                .set(TENANT_POLICY.MAX_SAFETY, policy.maxSafety())
                .set(TENANT_POLICY.VOTES_TO_PICK, policy.votesToPick())
                .set(TENANT_POLICY.USER_DAY_BUDGET_MICROS, policy.userPerDayMicros())
                .set(TENANT_POLICY.TENANT_MONTH_BUDGET_MICROS, policy.tenantPerMonthMicros())
                .set(TENANT_POLICY.UPDATED_BY, actor)
                .set(TENANT_POLICY.UPDATED_AT, now())
                .where(of(platform, tenant))
                .execute();
    }

    @Override
    public void audit(Platform platform, String tenant, PolicyChange change) {
        PolicyEditJson.Row row = json.write(change.edit());
        dsl.insertInto(POLICY_AUDIT)
                .set(POLICY_AUDIT.PLATFORM, platform.wireName())
                .set(POLICY_AUDIT.TENANT, tenant)
                .set(POLICY_AUDIT.ACTOR, change.actor())
                .set(POLICY_AUDIT.CHANGED_AT, OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC))
                .set(POLICY_AUDIT.SETTING, row.setting())
                .set(POLICY_AUDIT.OLD_VALUE, truncated(row.before()))
                .set(POLICY_AUDIT.NEW_VALUE, truncated(row.after()))
                .set(POLICY_AUDIT.CHANGE_JSON, row.json())
                .execute();
    }

    @Override
    public List<PolicyChange> log(Platform platform, String tenant, int limit) {
        return dsl.selectFrom(POLICY_AUDIT)
                .where(POLICY_AUDIT.PLATFORM.eq(platform.wireName()), POLICY_AUDIT.TENANT.eq(tenant))
                .orderBy(POLICY_AUDIT.ID.desc())
                .limit(limit)
                .fetch(row -> new PolicyChange(row.getChangedAt().toInstant(), row.getActor(), edit(row)));
    }

    /** The change as data; as the words stored then for a row from before V25, or of a setting a newer version added. */
    private PolicyEdit edit(PolicyAuditRecord row) {
        PolicyEdit.Worded worded = new PolicyEdit.Worded(row.getSetting(), row.getOldValue(), row.getNewValue());
        return row.getChangeJson() == null ? worded : json.read(row.getChangeJson()).orElse(worded);
    }

    private static Condition of(Platform platform, String tenant) {
        return TENANT_POLICY.PLATFORM.eq(platform.wireName()).and(TENANT_POLICY.TENANT.eq(tenant));
    }

    private static TenantPolicy toPolicy(TenantPolicyRecord row) {
        return new TenantPolicy(list(row.getAllowedChannels()), list(row.getAllowedRoles()),
                list(row.getAllowedModels()).stream().map(ModelId::parse).collect(Collectors.toSet()),
                row.getMaxSafety(), row.getVotesToPick(), row.getUserDayBudgetMicros(), row.getTenantMonthBudgetMicros());
    }

    private static Set<String> list(String column) {
        return column.isEmpty() ? Set.of() : Arrays.stream(column.split(",")).collect(Collectors.toSet());
    }

    private static String truncated(String value) {
        return value.length() > 4000 ? value.substring(0, 3999) + "…" : value;
    }

    private OffsetDateTime now() {
        Instant now = clock.instant();
        return OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    }
}
