package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;

import java.util.List;

/**
 * A session with every turn and variant, for rendering. {@code origin}: where a branch started, null for a session
 * that is not a branch (or whose origin is gone).
 */
public record SessionSnapshot(Session session, List<TurnSnapshot> turns, BranchOrigin origin) {

    /**
     * The turn's place in the session, from 1: the one number every surface and picture shows for a turn (ids are
     * global and only name turns in requests).
     */
    public int number(long turnId) {
        return numberIn(turns.stream().map(TurnSnapshot::turn).toList(), turnId);
    }

    static int numberIn(List<Turn> sessionTurns, long turnId) {
        for (int i = 0; i < sessionTurns.size(); i++) {
            if (sessionTurns.get(i).id() == turnId) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("turn " + turnId + " is not one of this session's turns");
    }

    /** {@code picked}: index of the variant of this turn that is (or last was) chosen as head, or null. */
    public record TurnSnapshot(Turn turn, List<Variant> variants, Integer picked) {
    }

    /** The session a branch started from, the number of the turn there ({@link #number}) and the variant (from 0). */
    public record BranchOrigin(long session, int turn, int variant) {
    }
}
