package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.EnglishFailureTexts;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.discord.DiscordBot;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.health.HealthRegistry;
import dev.kontextbot.adapter.slack.SlackBot;
import dev.kontextbot.adapter.web.MetricsText;
import dev.kontextbot.adapter.web.PlaygroundServer;
import dev.kontextbot.adapter.web.SessionTools;
import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.metrics.KontextMetrics;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineSettings;
import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.InstanceSettings;
import dev.kontextbot.engine.Quotas;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.FailureTexts;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqAnnouncementRepository;
import dev.kontextbot.store.JooqPersonLocales;
import dev.kontextbot.store.JooqDeliveryClaims;
import dev.kontextbot.store.JooqScopedDefaultsRepository;
import dev.kontextbot.store.JooqStores;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The wiring: the only place that knows every piece. Builds the graph by hand, starts it, stops it. */
public final class Application implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);
    private static final long MB = 1024L * 1024L;
    /**
     * How long /healthz repeats the image store's last answer before asking it again. The store is not needed to be
     * ready: a bucket that is away passes, and the turns that need it wait or apologise meanwhile.
     */
    private static final Duration IMAGES_HEALTH_KEPT_FOR = Duration.ofSeconds(15);

    private final AppConfig config;
    private final Database database;
    private final OkHttpClient http;
    private final KontextProvider provider;
    private final ConversationEngine engine;
    private final PlaygroundServer playground;
    private final Optional<SlackPlatform> slack;
    private final Optional<DiscordBot> discord;
    private final KontextMetrics metrics;

    private Application(AppConfig config, Database database, OkHttpClient http, KontextProvider provider, ConversationEngine engine,
                        PlaygroundServer playground, Optional<SlackPlatform> slack, Optional<DiscordBot> discord, KontextMetrics metrics) {
        this.config = config;
        this.database = database;
        this.http = http;
        this.provider = provider;
        this.engine = engine;
        this.playground = playground;
        this.slack = slack;
        this.discord = discord;
        this.metrics = metrics;
    }

    public static Application start(AppConfig config) {
        return start(config, Wiring.standard());
    }

    /**
     * What the bot is made of besides its configuration. Whole-app tests replace a part: {@code around} wraps the
     * configured provider before anything uses it (a provider that records what it is sent, or takes more images);
     * {@code commands} and their {@code languages} are the chat commands every surface offers (a test adds one of its
     * own); {@code links} builds the fetcher of pasted links (a test's reaches its own loopback https server, which the
     * real one refuses).
     */
    public record Wiring(UnaryOperator<KontextProvider> around, CommandCatalogue commands, Languages languages, LinkFetchers links) {
        /** The bot as it ships: the configured provider as it is, its own commands and bundles, links to public hosts. */
        public static Wiring standard() {
            return new Wiring(UnaryOperator.identity(), new CommandCatalogue(), Languages.load(), Application::publicLinks);
        }

        public Wiring around(UnaryOperator<KontextProvider> wrap) {
            return new Wiring(wrap, commands, languages, links);
        }

        public Wiring commands(CommandCatalogue catalogue, Languages bundles) {
            return new Wiring(around, catalogue, bundles, links);
        }

        public Wiring links(LinkFetchers fetchers) {
            return new Wiring(around, commands, languages, fetchers);
        }
    }

    /** How the one fetcher of the links people paste is built from the bot's HTTP client and the image settings. */
    @FunctionalInterface
    public interface LinkFetchers {
        SafeImageFetcher build(OkHttpClient http, AppConfig.Images images);
    }

    /** Links to public hosts only, https unless images.allow-http-urls. */
    public static SafeImageFetcher publicLinks(OkHttpClient http, AppConfig.Images images) {
        return new SafeImageFetcher(http, Dns.SYSTEM, new AddressPolicy(), images.allowHttpUrls(), images.maxUploadMb() * MB, images.fetchTimeout());
    }

    /** The whole bot, made of {@code wiring}'s parts. */
    public static Application start(AppConfig config, Wiring wiring) {
        Languages languages = wiring.languages();
        UncaughtExceptions.install();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir.resolve("images"));
        } catch (IOException e) {
            throw new StartupException("the data directory " + dataDir + " cannot be created (set KONTEXT_DATA_DIR): " + e.getMessage(), e);
        }
        String url = config.database().url().isBlank() ? Database.embeddedUrl(dataDir.resolve("kontext")) : config.database().url();
        Database database;
        try {
            database = Database.open(url, config.database().user(), config.database().password().value(), config.database().maxConnections(),
                    config.database().connectionTimeout());
        } catch (RuntimeException e) {
            throw new StartupException("the database " + url.split("[;?]")[0] + " cannot be opened (is another kontext-bot using it?): "
                    + e.getMessage().split("\n")[0], e);
        }
        Clock clock = Clock.systemUTC();
        ImageStore imageStore;
        try {
            imageStore = ImageStoreWiring.build(config.images(), dataDir.resolve("images"), database, clock);
        } catch (StartupException e) {
            database.close();
            throw e;
        }
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(config.providers().connectTimeout())
                .readTimeout(config.providers().readTimeout())
                .callTimeout(config.providers().readTimeout().multipliedBy(2))
                .build();
        // One inspector, so one budget of decoded pixels for every decode in the process.
        ImageInspector inspector = new ImageInspector(config.images().maxUploadMb() * MB, config.images().maxMegapixels() * 1_000_000L);
        KontextMetrics metrics = new KontextMetrics(clock);
        metrics.watch(database);
        HealthRegistry health = new HealthRegistry();
        health.register("database", true, new DatabaseHealth(database, config.database().healthTimeout()));
        // The local directory has nothing to reach: no probe thread, no timeout to miss on a loaded machine.
        health.register("images", false, config.images().usesS3()
                ? new ImageStoreHealth(imageStore, IMAGES_HEALTH_KEPT_FOR, config.database().healthTimeout(), clock)
                : () -> Health.up("local directory"));
        // A turn's stored failure text is in English; every surface says its own words from the same bundles.
        FailureTexts storedTexts = new EnglishFailureTexts(languages);
        KontextProvider provider = wiring.around().apply(new ProviderSelection(config, http, inspector.decoder()).choose(metrics::metered));
        EngineStores stores = JooqStores.over(database, imageStore, clock);
        ImageStore images = stores.images();
        EngineSettings settings = engineSettings(config);
        ScopedDefaults scopedDefaults = new ScopedDefaults(new JooqScopedDefaultsRepository(database.dsl(), clock), settings.defaults());
        PolicyWiring policy = PolicyWiring.build(config, database, scopedDefaults, stores.transactions(), provider, clock);
        InstanceSettings instance = InstanceIdentity.of(config.engine(), database.soleUser(), System.getenv());
        ConversationEngine engine = new ConversationEngine(stores, policy.rules(), provider, inspector, settings, instance, clock, seeds(),
                storedTexts);
        metrics.watch(engine);
        health.register("provider", false, () -> engine.circuitOpenFor()
                .map(open -> Health.down(provider.name() + ": circuit open for " + open.toSeconds() + " s after repeated failures"))
                .orElseGet(() -> Health.up(provider.name())));
        // Export (also for chat commands: tools.exporter()), import and the playground's gallery.
        SessionTools tools = ReviewWiring.build(config, database, stores, engine, inspector, clock, storedTexts);
        SafeImageFetcher fetcher = wiring.links().build(http, config.images());
        Optional<SlackPlatform> slack;
        Optional<DiscordBot> discord;
        try {
            ChatServices core = new ChatServices(engine, scopedDefaults, policy.policies(), policy.usage(), images,
                    new JooqAnnouncementRepository(database.dsl()), new JooqDeliveryClaims(database.dsl(), clock), tools.exporter(), clock,
                    metrics.chatApiCalls(), languages, wiring.commands(), fetcher, new JooqPersonLocales(database.dsl(), clock));
            slack = SlackWiring.build(config, core, http);
            discord = DiscordWiring.build(config, core, fetcher, http);
            slack.ifPresent(platform -> health.register("slack", false, platform::health));
            // Ready means every shard this process runs is connected: until then its servers' events go nowhere.
            discord.ifPresent(bot -> health.register("discord", true, bot::health));
        } catch (StartupException e) {
            release(engine, metrics, database);
            throw e;
        }
        PlaygroundServer playground = null;
        if (config.http().enabled()) {
            playground = new PlaygroundServer(engine, fetcher, images, health,
                    new MetricsText(KontextMetrics.CONTENT_TYPE, metrics::scrape), Version.current(),
                    config.http().host(), config.http().port(), config.http().maxRequestMb() * MB, SlackWiring.routes(slack, config),
                    config.http().accessToken().value(), config.http().publicUrl(), tools, languages);
            try {
                playground.start();
            } catch (RuntimeException e) {
                release(engine, metrics, database);
                throw new StartupException("the playground cannot listen on " + config.http().host() + ":" + config.http().port()
                        + " (is another program using it? set KONTEXT_HTTP_PORT): " + e.getMessage(), e);
            }
        }
        try {
            // A Slack that cannot connect is reported and tried again; it does not stop the bot.
            if (slack.isPresent()) {
                slack.get().start();
            }
            if (discord.isPresent()) {
                // A Discord that refuses the token or cannot be reached is reported and retried; the rest of the bot runs.
                discord.get().start();
            }
        } catch (StartupException | InterruptedException e) {
            if (playground != null) {
                playground.stop();
            }
            slack.ifPresent(SlackPlatform::close);
            discord.ifPresent(DiscordBot::closeQuietly);
            release(engine, metrics, database);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while connecting to the chat platforms", e);
            }
            throw (StartupException) e;
        }
        engine.resume();
        health.markStarted();
        log.info("kontext-bot {} started: provider {}, database {}, instance {}", Version.current(), provider.name(), url.split("[;?]")[0],
                instance.id());
        discord.flatMap(DiscordBot::inviteUrl).ifPresent(invite -> log.info("Invite the Discord bot with {}", invite));
        return new Application(config, database, http, provider, engine, playground, slack, discord, metrics);
    }

    static EngineSettings engineSettings(AppConfig config) {
        AppConfig.Engine e = config.engine();
        AppConfig.Defaults d = config.defaults();
        ParamOverrides defaults = ParamOverrides.builder()
                .model(ModelId.parse(d.model()))
                .aspectRatio(d.aspectRatio().isBlank() ? null : AspectRatio.parse(d.aspectRatio()))
                .numImages(d.numImages())
                .guidanceScale(d.guidanceScale())
                .outputFormat(OutputFormat.parse(d.outputFormat()))
                .safetyTolerance(d.safetyTolerance())
                .enhancePrompt(d.enhancePrompt())
                .build();
        return new EngineSettings(e.workerThreads(), e.pollInterval(), e.turnDeadline(), e.maxPromptLength(),
                new RetryPolicy(e.retry().maxRetries(), e.retry().firstDelay(), e.retry().maxDelay(), e.retry().multiplier(), e.retry().jitter(),
                        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble()),
                defaults, e.votesToPick(), e.circuit().failures(), e.circuit().openFor(),
                new Quotas(e.quotas().userTurnsPerHour(), e.quotas().tenantTurnsPerHour(), e.quotas().userRunning(), e.quotas().tenantRunning()))
                .withUnknownStatusPatience(e.unknownStatusPatience());
    }

    private static java.util.function.LongSupplier seeds() {
        SecureRandom random = new SecureRandom();
        return () -> Math.floorMod(random.nextLong(), TurnParams.MAX_SEED + 1);
    }

    public ConversationEngine engine() {
        return engine;
    }

    /** The Slack adapter, once Slack has accepted the bot token (tests wait on its handlers). */
    public Optional<SlackBot> slackBot() {
        return slack.flatMap(SlackPlatform::bot);
    }

    public int httpPort() {
        return playground == null ? -1 : playground.port();
    }

    /** What started, and how to connect what did not. */
    public String banner() {
        return new Banner(config, provider.name(), httpPort(), discord.map(DiscordBot::bannerLine),
                slack.flatMap(SlackPlatform::problem)).text();
    }

    /** After a failed start: the engine's threads, the metrics and the database go too, as the process may live on (tests). */
    private static void release(ConversationEngine engine, KontextMetrics metrics, Database database) {
        try {
            engine.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
        database.close();
    }

    private static void stopTakingDiscordWork(DiscordBot bot) {
        try {
            bot.stopTakingWork();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        log.info("kontext-bot stopping");
        if (playground != null) {
            playground.stop();
        }
        // No new work, then the engine drains, then what it last said (results, late scores) reaches the chats, then
        // the connections and their pools close: a platform closed before the engine refuses the engine's last events.
        discord.ifPresent(Application::stopTakingDiscordWork);
        // Slack: no new events first; the turns still running then finish or are handed over and their last news
        // (a late fidelity score) is still shown; only then do Slack's own threads stop.
        slack.ifPresent(SlackPlatform::stopReceiving);
        try {
            engine.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        discord.ifPresent(DiscordBot::closeQuietly);
        slack.ifPresent(SlackPlatform::close);
        database.close();
        metrics.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
