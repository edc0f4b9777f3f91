package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Refusal;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.port.Transactions;
import dev.kontextbot.engine.port.TurnRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Refuses a new turn, before it is stored, when its requester or tenant has used its turns for the hour.
 * Being busy is never a refusal: turns over the running limits wait in line ({@link RunningLimits}).
 */
final class QuotaCheck {
    private final TurnRepository turns;
    private final Quotas quotas;
    private final Clock clock;
    private final Transactions transactions;
    private final Map<String, Object> admitting = new ConcurrentHashMap<>();

    QuotaCheck(TurnRepository turns, Transactions transactions, Quotas quotas, Clock clock) {
        this.turns = turns;
        this.transactions = transactions;
        this.quotas = quotas;
        this.clock = clock;
    }

    /**
     * Stores a turn in one transaction, counting the quota inside it under the tenant's lock, so of a burst of
     * concurrent requests each is counted after the ones before it were stored: on other instances through the
     * database's lock, in this process through a monitor held around the transaction (H2 starves a transaction
     * that inserts a tenant row other transactions keep locking). {@link #check} before it is the early answer that
     * spares storing an image for a refused turn; this one is binding.
     */
    <T> T admit(Conversation where, String requester, Supplier<T> store) {
        if (quotas.userTurnsPerHour() == 0 && quotas.tenantTurnsPerHour() == 0) {
            return transactions.inTransaction(store);
        }
        synchronized (admitting.computeIfAbsent(where.platform().wireName() + "|" + where.tenant(), key -> new Object())) {
            return transactions.inTransaction(() -> {
                turns.lockTurnQuota(where.platform(), where.tenant(), clock.instant());
                check(where, requester);
                return store.get();
            });
        }
    }

    /** Counts only what has a limit: each count is a query on every new turn's path. */
    void check(Conversation where, String requester) {
        Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
        if (over(quotas.userTurnsPerHour(), () -> turns.countOf(where.platform(), where.tenant(), requester, hourAgo))) {
            throw new EngineRejection(new Refusal.OverTurnQuota(Refusal.QuotaScope.REQUESTER, quotas.userTurnsPerHour()));
        }
        if (over(quotas.tenantTurnsPerHour(), () -> turns.countOf(where.platform(), where.tenant(), null, hourAgo))) {
            throw new EngineRejection(new Refusal.OverTurnQuota(Refusal.QuotaScope.TENANT, quotas.tenantTurnsPerHour()));
        }
    }

    private static boolean over(int limit, IntSupplier count) {
        return limit > 0 && count.getAsInt() >= limit;
    }
}
