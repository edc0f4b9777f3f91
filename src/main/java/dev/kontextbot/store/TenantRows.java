package dev.kontextbot.store;

import dev.kontextbot.engine.model.Platform;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;

import java.time.OffsetDateTime;

import static dev.kontextbot.store.generated.Tables.TENANT;

/** A tenant's row, created on first use: sessions belong to it, and its lock serialises what counts its turns. */
final class TenantRows {
    private TenantRows() {
    }

    static long idOf(DSLContext dsl, Platform platform, String externalId, OffsetDateTime now) {
        return ensure(dsl, platform, externalId, now, false);
    }

    /**
     * Within a transaction: locks the tenant's row until it ends. A row this transaction creates is locked by its
     * insert already (others inserting it wait for the commit, then conflict and lock it). NO KEY UPDATE on
     * PostgreSQL, so sessions referencing the tenant are still inserted meanwhile (their foreign key check takes a
     * KEY SHARE lock, which FOR UPDATE would block); H2 has only FOR UPDATE, and its foreign key checks take no lock.
     */
    static void lock(DSLContext dsl, Platform platform, String externalId, OffsetDateTime now) {
        ensure(dsl, platform, externalId, now, true);
    }

    private static long ensure(DSLContext dsl, Platform platform, String externalId, OffsetDateTime now, boolean lock) {
        Long existing = find(dsl, platform, externalId, lock);
        if (existing != null) {
            return existing;
        }
        try {
            // A savepoint: when another session of the same new tenant is being created at this moment, its insert
            // wins (ours waits for it, then conflicts) and this transaction goes on with that tenant's row.
            return dsl.transactionResult(() -> dsl.insertInto(TENANT)
                    .set(TENANT.PLATFORM, platform.wireName())
                    .set(TENANT.EXTERNAL_ID, externalId)
                    .set(TENANT.CREATED_AT, now)
                    .returning(TENANT.ID)
                    .fetchOne(TENANT.ID));
        } catch (DataAccessException createdMeanwhile) {
            // Usually a unique-key conflict; H2 reports "concurrent update" instead when the row the other transaction
            // created is already locked by a third. Either way the row is there now, or this was another failure.
            Long created = find(dsl, platform, externalId, lock);
            if (created == null) {
                throw createdMeanwhile;
            }
            return created;
        }
    }

    private static Long find(DSLContext dsl, Platform platform, String externalId, boolean lock) {
        var row = dsl.select(TENANT.ID).from(TENANT).where(TENANT.PLATFORM.eq(platform.wireName()), TENANT.EXTERNAL_ID.eq(externalId));
        if (!lock) {
            return row.fetchOne(TENANT.ID);
        }
        return (dsl.dialect().family() == SQLDialect.POSTGRES ? row.forNoKeyUpdate() : row.forUpdate()).fetchOne(TENANT.ID);
    }
}
