package dev.kontextbot.engine;

import dev.kontextbot.testing.TestImages;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.port.ForwardingProvider;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.transfer.ImportLimits;
import dev.kontextbot.engine.transfer.SessionExporter;
import dev.kontextbot.engine.transfer.SessionImporter;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.store.JooqSessionTransfers;
import dev.kontextbot.store.JooqStores;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** An engine on its own database and image folder, with the exporter and importer wired as the application wires them. */
final class TransferHarness implements AutoCloseable {
    final EngineHarness harness;
    final EngineStores stores;
    final JooqSessionTransfers transfers;
    final SessionExporter exporter;
    final SessionImporter importer;
    private final Path dir;

    TransferHarness(Path dir, ImportLimits limits) {
        this(dir, limits, new PricedOffline());
    }

    TransferHarness(Path dir, ImportLimits limits, KontextProvider provider) {
        this.dir = dir;
        this.harness = new EngineHarness(dir, provider);
        Clock clock = Clock.systemUTC();
        this.stores = JooqStores.over(harness.database, harness.images, clock);
        this.transfers = new JooqSessionTransfers(harness.database.dsl(), clock);
        this.exporter = new SessionExporter(harness.engine, stores.sessions(), stores.turns(), transfers, stores.images(), clock, "kontext-bot test");
        // The same inspection the engine gives uploads (EngineHarness's limits).
        this.importer = new SessionImporter(transfers, stores.images(), new ImageInspector(10_000_000, 40_000_000), limits,
                dev.kontextbot.testing.ProviderRefusalsSaid.ENGLISH_TEXTS);
    }

    TransferHarness(Path dir) {
        this(dir, ImportLimits.of(50L * 1024 * 1024, 10_000_000));
    }

    ConversationEngine engine() {
        return harness.engine;
    }

    /** How many image files the store holds: a refused import must leave it as it was. */
    long imageFiles() throws IOException {
        return dev.kontextbot.testing.TestImageStores.count(dir);
    }

    @Override
    public void close() throws InterruptedException {
        harness.close();
    }

    /** The offline editor at [pro]'s price, so costs have something to carry over. */
    static final class PricedOffline extends ForwardingProvider {
        PricedOffline() {
            super(new OfflineEditorProvider(TestImages.decoder()));
        }

        @Override
        public boolean resubmitIsHarmless() {
            return true;
        }

        @Override
        public long pricePerImageMicros(ModelId tier) {
            return 40_000;
        }
    }
}
