package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.VariantRef;

public interface VoteRepository {

    /** Adds or removes {@code voter}'s vote on the variant; returns the variant's vote count afterwards. */
    int vote(VariantRef variant, String voter, boolean add);
}
