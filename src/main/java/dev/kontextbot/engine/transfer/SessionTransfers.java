package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.VariantRef;

import java.time.Instant;
import java.util.List;

/** What exporting and importing a whole session need from the store beyond the engine's own repositories. */
public interface SessionTransfers {

    /** One person's vote on a variant. */
    record CastVote(VariantRef variant, String voter, Instant castAt) {
    }

    /** Every vote cast on the session's variants, by turn, variant and time. */
    List<CastVote> votesOfSession(long sessionId);

    /**
     * Stores a session recorded elsewhere, with its finished turns, variants, votes, head history and scores, in
     * one transaction: all of it or nothing. Its turns get new ids; see {@link ImportedSession} for the keys.
     */
    Session insert(ImportedSession session);
}
