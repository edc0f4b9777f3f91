package dev.kontextbot.adapter.picture;

import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.TurnStatus;

/**
 * One line of a gallery: the session, its first instruction (null before any), how many turns and variants it
 * has, what it cost, how many sessions were branched from it, the session it was branched from (null for an
 * original), the status of its newest turn (null before any), and how many reference images its turns were given.
 */
public record SessionSummary(Session session, String firstPrompt, int turns, int variants, long costMicros, int branches,
                             Long branchedFromSession, TurnStatus lastStatus, int references) {
}
