package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;

import java.util.List;

/** A session with every turn and variant, for rendering. */
public record SessionSnapshot(Session session, List<TurnSnapshot> turns) {

    /** {@code picked}: index of the variant of this turn that is (or last was) chosen as head, or null. */
    public record TurnSnapshot(Turn turn, List<Variant> variants, Integer picked) {
    }
}
