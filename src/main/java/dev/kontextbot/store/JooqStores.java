package dev.kontextbot.store;

import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.port.ImageStore;

import java.nio.file.Path;
import java.time.Clock;

/** The engine's persistence on one database, with its images in a directory or another {@link ImageStore}. */
public final class JooqStores {
    private JooqStores() {
    }

    public static EngineStores over(Database database, Path imagesDir, Clock clock) {
        return over(database, new FileImageStore(imagesDir, database.dsl(), clock), clock);
    }

    public static EngineStores over(Database database, ImageStore images, Clock clock) {
        return new EngineStores(new JooqSessionRepository(database.dsl(), clock), new JooqTurnRepository(database.dsl()),
                new JooqVoteRepository(database.dsl(), clock), images,
                new JooqTransactions(database.dsl()), new JooqScoreRepository(database.dsl()), new JooqImageUrlRepository(database.dsl()));
    }
}
