package dev.kontextbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineSettings;
import dev.kontextbot.engine.InstanceSettings;
import dev.kontextbot.engine.Quotas;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqStores;
import okhttp3.OkHttpClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The engine as the bot wires it by default (8 workers, 1 s longest poll interval, embedded H2), for the benchmark. */
final class BenchEngine {
    static final EngineSettings SETTINGS = new EngineSettings(8, Duration.ofSeconds(1), Duration.ofMinutes(10), 2000,
            new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60), 2), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);

    private BenchEngine() {
    }

    static Database database(Path dir) {
        return Database.open(Database.embeddedUrl(dir.resolve("db")), "sa", "", 10);
    }

    static OkHttpClient http() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)).build();
    }

    /** fal.ai through the real client, at {@code base}. */
    static KontextProvider fal(String base, OkHttpClient http) {
        return new FalProvider(new FalConfig(base, "bench-key", TestCatalogue.routes("fal"), 50L << 20), new ProviderHttp(http, new ObjectMapper()));
    }

    static ConversationEngine engine(Database db, Path dir, KontextProvider provider) {
        Clock clock = Clock.systemUTC();
        AtomicLong seeds = new AtomicLong();
        return new ConversationEngine(JooqStores.over(db, dir.resolve("images"), clock), provider,
                new ImageInspector(20L << 20, 50_000_000), SETTINGS, InstanceSettings.sole("bench"), clock, seeds::incrementAndGet);
    }

    static Conversation thread(String name) {
        return new Conversation(new Platform("playground"), "bench", "bench", name);
    }
}
