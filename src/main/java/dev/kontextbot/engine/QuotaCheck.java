package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.port.TurnRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * Refuses a new turn, before it is stored, when its requester or tenant has used its turns for the hour.
 * Being busy is never a refusal: turns over the running limits wait in line ({@link RunningLimits}).
 */
final class QuotaCheck {
    private final TurnRepository turns;
    private final Quotas quotas;
    private final Clock clock;

    QuotaCheck(TurnRepository turns, Quotas quotas, Clock clock) {
        this.turns = turns;
        this.quotas = quotas;
        this.clock = clock;
    }

    /**
     * Within the transaction that stores the turn: takes the tenant's quota lock, then counts, so of a burst of
     * concurrent requests (on any instance) each is counted after the ones before it were stored. {@link #check}
     * before it is the early answer that spares storing an image for a refused turn; this one is the binding one.
     */
    void checkWhileStoring(Conversation where, String requester) {
        if (quotas.userTurnsPerHour() == 0 && quotas.tenantTurnsPerHour() == 0) {
            return;
        }
        turns.lockTurnQuota(where.platform(), where.tenant(), clock.instant());
        check(where, requester);
    }

    /** Counts only what has a limit: each count is a query on every new turn's path. */
    void check(Conversation where, String requester) {
        Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
        if (over(quotas.userTurnsPerHour(), () -> turns.countOf(where.platform(), where.tenant(), requester, hourAgo))) {
            throw EngineRejection.quota("You have started " + quotas.userTurnsPerHour() + " edits in the last hour, the limit here; try again later.");
        }
        if (over(quotas.tenantTurnsPerHour(), () -> turns.countOf(where.platform(), where.tenant(), null, hourAgo))) {
            throw EngineRejection.quota("This server has used its " + quotas.tenantTurnsPerHour()
                    + " edits for this hour; try again later, or ask an admin to raise engine.quotas.");
        }
    }

    private static boolean over(int limit, IntSupplier count) {
        return limit > 0 && count.getAsInt() >= limit;
    }
}
