package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.port.TurnRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * Refuses a new turn, before anything is stored, when its requester or tenant has used its turns for the hour.
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
