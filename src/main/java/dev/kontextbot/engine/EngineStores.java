package dev.kontextbot.engine;

import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.ImageUrlRepository;
import dev.kontextbot.engine.review.ScoreRepository;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.engine.port.Transactions;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.port.VoteRepository;

/** The persistence the engine needs, handed over as one. */
public record EngineStores(SessionRepository sessions, TurnRepository turns, VoteRepository votes, ImageStore images,
                           Transactions transactions, ScoreRepository scores, ImageUrlRepository imageUrls) {
}
