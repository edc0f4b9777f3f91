package dev.kontextbot.engine;

/** A variant's vote count after a vote, and whether that vote made it the head. */
public record VoteResult(int votes, boolean picked) {
}
