package dev.kontextbot.store;

import dev.kontextbot.engine.EngineStores;

import java.nio.file.Path;
import java.time.Clock;

/** The engine's persistence on one database, with image files under {@code imagesDir}. */
public final class JooqStores {
    private JooqStores() {
    }

    public static EngineStores over(Database database, Path imagesDir, Clock clock) {
        return new EngineStores(new JooqSessionRepository(database.dsl(), clock), new JooqTurnRepository(database.dsl()),
                new JooqVoteRepository(database.dsl(), clock), new FileImageStore(imagesDir, database.dsl(), clock),
                new JooqTransactions(database.dsl()), new JooqScoreRepository(database.dsl()), new JooqImageUrlRepository(database.dsl()));
    }
}
