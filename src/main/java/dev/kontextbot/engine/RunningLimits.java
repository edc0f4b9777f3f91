package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.engine.port.TurnRepository;

/**
 * How many turns of one person, and of one server/workspace, run at once ({@link Quotas#userRunning()},
 * {@link Quotas#tenantRunning()}; 0: no limit). A turn over a limit is not refused: it stays queued, in line, and
 * starts when one of theirs ends. Counted across every instance sharing the database.
 */
final class RunningLimits {
    private final TurnRepository turns;
    private final SessionRepository sessions;
    private final Quotas quotas;

    RunningLimits(TurnRepository turns, SessionRepository sessions, Quotas quotas) {
        this.turns = turns;
        this.sessions = sessions;
        this.quotas = quotas;
    }

    boolean active() {
        return quotas.userRunning() > 0 || quotas.tenantRunning() > 0;
    }

    /** Whether {@code turn} may start now without going over its requester's or its tenant's limit. */
    boolean hasRoom(Turn turn) {
        if (!active()) {
            return true;
        }
        Conversation where = sessions.find(turn.sessionId()).orElseThrow().conversation();
        return under(quotas.userRunning(), turns.runningOf(where.platform(), where.tenant(), turn.requestedBy()))
                && under(quotas.tenantRunning(), turns.runningOf(where.platform(), where.tenant(), null));
    }

    private static boolean under(int limit, int running) {
        return limit == 0 || running < limit;
    }
}
