package dev.kontextbot.app;

import dev.kontextbot.adapter.web.SessionTools;
import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.port.FailureTexts;
import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.transfer.SessionTransfers;
import dev.kontextbot.adapter.picture.Gallery;
import dev.kontextbot.engine.transfer.ImportLimits;
import dev.kontextbot.engine.transfer.SessionExporter;
import dev.kontextbot.engine.transfer.SessionImporter;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqSessionListing;
import dev.kontextbot.store.JooqSessionTransfers;

import java.time.Clock;

/** Session export, import and the gallery, over the same stores and image checks as the engine. */
final class ReviewWiring {
    private static final long MB = 1024L * 1024L;

    private ReviewWiring() {
    }

    /**
     * {@code inspector}: the engine's, so an imported image passes the checks an upload does. An archive may be
     * as large as one request to the playground. {@code storedTexts}: the English kept next to a reason an import gives a turn.
     */
    static SessionTools build(AppConfig config, Database database, EngineStores stores, ConversationEngine engine,
                              ImageInspector inspector, Clock clock, FailureTexts storedTexts) {
        SessionTransfers transfers = new JooqSessionTransfers(database.dsl(), clock);
        SessionExporter exporter = new SessionExporter(engine, stores.sessions(), stores.turns(), transfers, stores.images(), clock,
                "kontext-bot " + Version.current());
        SessionImporter importer = new SessionImporter(transfers, stores.images(), inspector,
                ImportLimits.of(config.http().maxRequestMb() * MB, config.images().maxUploadMb() * MB), storedTexts);
        return new SessionTools(exporter, importer, new Gallery(engine, new JooqSessionListing(database.dsl(), clock)));
    }
}
