package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.testing.TestImages;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.GuardedGet;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineSettings;
import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.Quotas;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.policy.PolicyDefaults;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.Usage;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqAnnouncementRepository;
import dev.kontextbot.store.JooqDeliveryClaims;
import dev.kontextbot.store.JooqScopedDefaultsRepository;
import dev.kontextbot.store.JooqTenantPolicyRepository;
import dev.kontextbot.store.JooqUsageRepository;
import dev.kontextbot.store.JooqSessionTransfers;
import dev.kontextbot.store.JooqStores;
import dev.kontextbot.engine.transfer.SessionExporter;
import net.dv8tion.jda.api.sharding.ShardManager;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.kontextbot.testing.Await;


import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

/**
 * The Discord adapter's classes on a real engine (offline editor, H2 file), with JDA only at the edge: tests hand
 * the listener mocked JDA events and look at what it asked JDA to do.
 */
final class DiscordUnitFixture implements AutoCloseable {
    final Database database;
    final ConversationEngine engine;
    final AnnouncementRepository announcements;
    final ScopedDefaults defaults;
    final ShardManager shards = mock(ShardManager.class, RETURNS_DEEP_STUBS);
    /** Where the turns' messages are posted and edited, by channel id. */
    final DiscordRestMessages restMessages = mock(DiscordRestMessages.class);
    final ExecutorService work = Executors.newSingleThreadExecutor();
    final ExecutorService rendering = Executors.newSingleThreadExecutor();
    final DiscordAccess access;
    final DiscordTurnAnnouncer announcer;
    final DiscordListener listener;

    DiscordUnitFixture(Path dir, Set<String> allowedChannels) {
        Clock clock = Clock.systemUTC();
        database = Database.open(Database.embeddedUrl(dir.resolve("db")), "sa", "", 4);
        EngineStores stores = JooqStores.over(database, dir.resolve("images"), clock);
        AtomicLong seeds = new AtomicLong(100);
        engine = new ConversationEngine(stores, new OfflineEditorProvider(TestImages.decoder()), new ImageInspector(10_000_000, 40_000_000),
                new EngineSettings(2, Duration.ofMillis(5), Duration.ofSeconds(20), 2000, new RetryPolicy(1, Duration.ofMillis(5),
                        Duration.ofMillis(10), 2), ParamOverrides.NONE, 2, 0, Duration.ofMinutes(1), Quotas.NONE),
                clock, seeds::incrementAndGet);
        announcements = new JooqAnnouncementRepository(database.dsl());
        defaults = new ScopedDefaults(new JooqScopedDefaultsRepository(database.dsl(), clock), engine.defaults());
        TenantPolicies policies = new TenantPolicies(new JooqTenantPolicyRepository(database.dsl(), clock), defaults, stores.transactions(),
                new PolicyDefaults(2, Budgets.NONE), clock);
        OkHttpClient http = new OkHttpClient();
        access = new DiscordAccess(allowedChannels, Set.of(), true);
        ImageSources sources = new ImageSources(new AttachmentDownloads(new GuardedGet(http, Dns.SYSTEM, new AddressPolicy(),
                GuardedGet.Reach.platform(Set.of("127.0.0.1"), "http://127.0.0.1/")), 10_000_000),
                new SafeImageFetcher(http, Dns.SYSTEM, new AddressPolicy(), false, 10_000_000, Duration.ofSeconds(2)),
                engine::knownAt, clock);
        SessionPictures pictures = new SessionPictures(engine, stores.images());
        SessionExports exports = new SessionExports(new SessionExporter(engine, stores.sessions(), stores.turns(),
                new JooqSessionTransfers(database.dsl(), clock), stores.images(), clock, "test"), 8_000_000);
        DiscordWords words = new DiscordWords(dev.kontextbot.adapter.words.TestWords.LANGUAGES, guild -> java.util.Optional.empty(),
                new dev.kontextbot.store.JooqPersonLocales(database.dsl(), clock), work);
        announcer = new DiscordTurnAnnouncer(engine, restMessages, stores.images(), announcements, rendering,
                clock, 8_000_000, words);
        engine.addListener(announcer);
        RefusalWords refusals = new RefusalWords(Languages.load(), "discord");
        ChatServices core = new ChatServices(engine, defaults, policies, new Usage(new JooqUsageRepository(database.dsl()), policies, tier -> 0, clock),
                stores.images(), announcements, new JooqDeliveryClaims(database.dsl(), clock), null, clock, null,
                dev.kontextbot.adapter.words.TestWords.LANGUAGES, new CommandCatalogue(), null,
                new dev.kontextbot.store.JooqPersonLocales(database.dsl(), clock));
        listener = new DiscordListener(engine, access, sources, new SessionStarts(engine, defaults, new UploadFitter(engine.decoder()), 8_000_000, refusals),
                new ThreadReplies(engine, sources, access, "//", refusals, words), new ButtonActions(engine, announcer, pictures, exports, clock, refusals),
                new ReactionVotes(engine, announcements, announcer), 8_000_000,
                new PolicyCommands(core),
                new JooqDeliveryClaims(database.dsl(), clock), work, words,
                core);
        engine.resume();
    }

    /** Waits until the adapter's pool has run everything handed to it so far. */
    void drain() throws Exception {
        work.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    SessionSnapshot settled(long sessionId, int turns) {
        Await.until(() -> {
            SessionSnapshot s = engine.snapshot(sessionId);
            return s.turns().size() == turns && s.turns().stream().allMatch(t -> t.turn().status().isFinal());
        }, turns + " finished turns");
        return engine.snapshot(sessionId);
    }


    @Override
    public void close() throws Exception {
        work.shutdown();
        work.awaitTermination(5, TimeUnit.SECONDS);
        rendering.shutdown();
        rendering.awaitTermination(5, TimeUnit.SECONDS);
        engine.close();
        database.close();
    }
}
