package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.CountedCalls;
import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.adapter.chat.NamedThreads;
import dev.kontextbot.adapter.chat.PlatformConnector;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.GuardedGet;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.engine.port.ImageStore;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
// JDA's own client settings (its default when none is given), with the call counter added.
import net.dv8tion.jda.internal.utils.IOUtil;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The Discord adapter on JDA: logs in with only the intents it needs, registers {@code /kontext}, and routes
 * every event through one {@link DiscordListener}. Runs as a shard manager, so one setting spreads a large bot
 * over shards and instances; the gateway address comes from the REST API's {@code /gateway/bot} answer.
 */
public final class DiscordBot implements AutoCloseable {
    /** Conversations on Discord: the engine only compares platforms; the name is what the database stores. */
    public static final Platform PLATFORM = new Platform("discord");
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    /** Thread replies need MESSAGE_CONTENT (privileged: switch it on in the Developer Portal); no member lists, no presences. */
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT,
            GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.DIRECT_MESSAGES, GatewayIntent.DIRECT_MESSAGE_REACTIONS);

    /** How long start-up waits for the shards of this process, beyond Discord's five seconds between them. */
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final DiscordSettings settings;
    private final ExecutorService work;
    private final ExecutorService rendering;
    private final DiscordTurnAnnouncer announcer;
    private final DiscordListener listener;
    private final KontextCommands commands;
    private final OkHttpClient http;
    private final ChatServices core;
    private final RetryPolicy reconnect;
    private final ShardStates states = new ShardStates(this::allConnected);
    private final Function<LoginCheck, String> explain;
    private final PlatformConnector login;
    private volatile ShardManager shards;
    private volatile GatewayQueue gateway;
    private volatile boolean closed;
    /** Counted down once every shard connected and the commands were registered: what start-up waits for. */
    private final CountDownLatch announced = new CountDownLatch(1);
    /** The catalogue as this bot serves it, for the model options registered with the commands. */
    private final java.util.function.Supplier<java.util.List<dev.kontextbot.engine.catalogue.ModelChoice>> models;

    /**
     * {@code explain}: a failed login in the operator's words (what to fix); {@code reconnect}: the backoff between
     * login attempts, and between attempts to open a shard's gateway connection.
     */
    public DiscordBot(DiscordSettings settings, ChatServices core, SafeImageFetcher links, OkHttpClient http,
                      Function<LoginCheck, String> explain, RetryPolicy reconnect) {
        this.settings = settings;
        this.http = http;
        this.core = core;
        this.reconnect = reconnect;
        ConversationEngine engine = core.engine();
        this.models = engine::models;
        ScopedDefaults defaults = core.defaults();
        TenantPolicies policies = core.policies();
        ImageStore images = core.images();
        AnnouncementRepository announcements = core.announcements();
        Clock clock = core.clock();
        this.work = Executors.newFixedThreadPool(4, NamedThreads.of("discord-work"));
        this.rendering = Executors.newFixedThreadPool(4, NamedThreads.of("discord-render"));
        DiscordWords words = new DiscordWords(core.languages(), this::guildLocale, core.locales(), work);
        DiscordTurnAnnouncer announcer = new DiscordTurnAnnouncer(engine,
                new DiscordRestMessages(() -> anyShard(shards)), images, announcements, rendering, clock, settings.maxUploadBytes(), words);
        engine.addListener(announcer);
        this.announcer = announcer;
        DiscordAccess access = new DiscordAccess(settings.allowedChannels(), settings.allowedRoles(), settings.allowDms(),
                guild -> policies.stored(DiscordBot.PLATFORM, guild));
        ImageSources sources = new ImageSources(new AttachmentDownloads(new GuardedGet(http, Dns.SYSTEM, new AddressPolicy(),
                GuardedGet.Reach.platform(settings.attachmentHosts(), settings.apiUrl())), settings.maxDownloadBytes()), links,
                engine::knownAt, clock);
        UploadFitter fitter = new UploadFitter(engine.decoder());
        SessionPictures pictures = new SessionPictures(engine, images);
        SessionExports exports = new SessionExports(core.exporter(), settings.maxUploadBytes());
        CommandCatalogue catalogue = core.commands();
        Languages languages = core.languages();
        this.commands = new KontextCommands(catalogue, languages);
        RefusalWords refusals = new RefusalWords(core.languages(), "discord");
        this.listener = new DiscordListener(engine, access, sources,
                new SessionStarts(engine, defaults, fitter, settings.maxUploadBytes(), refusals),
                new ThreadReplies(engine, sources, access, settings.ignorePrefix(), refusals, words),
                new ButtonActions(engine, announcer, pictures, exports, clock, refusals),
                new ReactionVotes(engine, announcements, announcer),
                settings.maxUploadBytes(), new PolicyCommands(core),
                core.deliveries(), work, words, core);
        this.explain = explain;
        // A refused token and a troubled network back off alike here: the reconnect policy is the operator's.
        this.login = new PlatformConnector("Discord", this::logIn, states::health, reconnect, reconnect);
    }

    /** One login: the token check, then the shards' (which may still fail, with what it threw). */
    private Optional<PlatformConnector.Failure> logIn() {
        LoginCheck check;
        try {
            check = checkToken();
            if (check instanceof LoginCheck.Accepted) {
                connect();
                return Optional.empty();
            }
        } catch (InvalidTokenException e) {
            check = new LoginCheck.Refused("401 Unauthorized");
        } catch (RuntimeException e) {
            check = classify(e);
        }
        return Optional.of(new PlatformConnector.Failure(explain.apply(check), check instanceof LoginCheck.Refused));
    }

    /** A shard manager for this process, logged in: its first shard connects now, the others follow on the gateway queue. */
    private void connect() {
        GatewayQueue queue = new GatewayQueue(reconnect, states);
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()))
                .setSessionController(queue)
                .setCompression(settings.gatewayCompression() ? Compression.ZLIB : Compression.NONE)
                .setEnableShutdownHook(false)
                .setHttpClientBuilder(IOUtil.newHttpClientBuilder().addInterceptor(new CountedCalls(DiscordBot.PLATFORM, core.apiCalls())))
                .setShardsTotal(settings.shardTotal() == 0 ? -1 : settings.shardTotal())
                .addEventListeners(listener, states);
        if (!settings.shards().isEmpty()) {
            builder.setShards(settings.shards());
        }
        ShardManager manager = builder.build(false);
        try {
            manager.login();
        } catch (RuntimeException e) {
            manager.shutdown();
            queue.close();
            throw e;
        }
        gateway = queue;
        shards = manager;
        if (closed) {
            // The stop came while this attempt was logging in: it found nothing to close, so this attempt closes.
            manager.shutdown();
            queue.close();
            return;
        }
        int total = manager.getShardsTotal();
        List<Integer> ids = settings.shards().isEmpty() ? IntStream.range(0, total).boxed().toList() : settings.shards();
        states.expect(manager, ids, total);
    }

    private LoginCheck classify(RuntimeException e) {
        return LoginCheck.networkCause(e).<LoginCheck>map(io -> LoginCheck.unreachable(apiHost(), io)).orElseGet(() -> {
            // Not one of the failures we know: its trace may be what explains it, but not at every attempt.
            log.debug("Discord login failed", e);
            return new LoginCheck.Unexpected(String.valueOf(e.getMessage()));
        });
    }

    /** REST calls are not tied to a shard: any shard's requester posts to any channel. */
    /** A server's language as the gateway told this process (empty for a server another instance's shards run). */
    private java.util.Optional<net.dv8tion.jda.api.interactions.DiscordLocale> guildLocale(String guildId) {
        ShardManager manager = shards;
        if (manager == null || !guildId.chars().allMatch(Character::isDigit)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(manager.getGuildById(guildId)).map(Guild::getLocale);
    }

    private static JDA anyShard(ShardManager shards) {
        List<JDA> running = shards == null ? List.of() : shards.getShards();
        if (running.isEmpty()) {
            throw new IllegalStateException("no Discord shard runs in this process yet");
        }
        return running.get(0);
    }

    /**
     * Logs in and waits until every shard of this process is connected and the commands are registered, or the login or
     * a shard's connection failed (it is then tried again with backoff: {@link #health()} and {@link #bannerLine()} say
     * why), or the wait ran out. Shards connect five seconds apart; each handles its servers' events from the moment it
     * is up, before the others and before this returns.
     */
    public void start() throws InterruptedException {
        login.start();
        if (!login.connected()) {
            return;
        }
        int shardCount = settings.shards().isEmpty() ? Math.max(1, settings.shardTotal()) : settings.shards().size();
        Duration wait = START_WAIT.plusSeconds((long) GatewayQueue.IDENTIFY_DELAY * shardCount);
        long deadline = System.nanoTime() + wait.toNanos();
        // Waiting ends when every shard is up or at the first that fails: the gateway tries that one again on its own.
        boolean settled = false;
        while (!settled && System.nanoTime() < deadline) {
            settled = announced.await(50, TimeUnit.MILLISECONDS) || states.anyFailure().isPresent();
        }
    }

    /** Every shard of this process connected: the commands are registered (off the gateway's thread) and it is said. */
    private void allConnected(ShardManager manager) {
        if (work.isShutdown()) {
            return;
        }
        try {
            work.execute(() -> announceConnected(manager));
        } catch (RejectedExecutionException e) {
            log.debug("Discord connected while stopping: commands not registered");
        }
    }

    private void announceConnected(ShardManager manager) {
        try {
            registerCommands(manager);
        } catch (RuntimeException e) {
            log.warn("registering the Discord commands failed: {}", e.getMessage());
        }
        log.info("Discord connected: {} shard(s), {} server(s). Invite: {}", manager.getShards().size(), manager.getGuildCache().size(),
                inviteUrl().orElse("?"));
        announced.countDown();
    }

    /** GET users/@me, as JDA's own token check does, but on our client so that a network failure stays one line. */
    private LoginCheck checkToken() {
        Request request = new Request.Builder().url(settings.apiUrl() + "users/@me")
                .header("Authorization", "Bot " + settings.token()).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.isSuccessful()) {
                return new LoginCheck.Accepted();
            }
            if (response.code() == 401) {
                return new LoginCheck.Refused("401 Unauthorized");
            }
            return new LoginCheck.Unexpected("Discord answered HTTP " + response.code());
        } catch (IOException e) {
            return LoginCheck.unreachable(apiHost(), e);
        }
    }

    private String apiHost() {
        return HttpUrl.get(settings.apiUrl()).host();
    }

    /** Each shard of this process and its gateway status; up when every one is connected; down with the reason while logging in fails. */
    public Health health() {
        return login.health();
    }

    /** The banner's Discord line: connected with the invite link, or what is wrong and that it is being retried. */
    public String bannerLine() {
        Optional<String> problem = login.problem();
        if (problem.isPresent()) {
            return "not connected: " + problem.get() + "; trying again with backoff (see /healthz)";
        }
        Optional<String> invite = inviteUrl();
        if (states.allConnected() && invite.isPresent()) {
            return "connected; invite it to a server with " + invite.get();
        }
        String progress = states.health().state() + states.anyFailure().map(reason -> " (the gateway: " + reason + "; trying again with backoff)")
                .orElse("");
        return "connecting: " + progress + ", see /healthz" + invite.map(url -> "; invite it with " + url).orElse("");
    }

    /** The link a server admin opens to add the bot, asking for exactly the permissions it uses; known once a shard runs. */
    public Optional<String> inviteUrl() {
        ShardManager manager = shards;
        if (manager == null || manager.getShards().isEmpty()) {
            return Optional.empty();
        }
        JDA shard = manager.getShards().get(0);
        shard.setRequiredScopes("applications.commands");
        return Optional.of(shard.getInviteUrl(DiscordAccess.INVITE));
    }

    private void registerCommands(ShardManager shards) {
        if (!settings.devGuild().isBlank()) {
            Guild guild = shards.getGuildById(settings.devGuild());
            if (guild == null) {
                log.warn("discord.dev-guild {} is not a server this bot is in; no commands registered", settings.devGuild());
                return;
            }
            guild.updateCommands().addCommands(commands.all(models.get())).complete();
            log.info("Discord commands registered in server {}", guild.getName());
            return;
        }
        // Global commands belong to the application, not a shard: the process running shard 0 registers them once.
        JDA first = shards.getShardById(0);
        if (first != null) {
            first.updateCommands().addCommands(commands.all(models.get())).complete();
            log.info("Discord commands registered globally (they may take up to an hour to appear everywhere)");
        }
    }

    /**
     * The first step of a stop: no new event is handled, and the ones being handled finish. The engine drains after
     * this, and its last events (a result, a late fidelity score) are still shown before {@link #close()}.
     */
    public void stopTakingWork() throws InterruptedException {
        ShardManager manager = shards;
        if (manager != null) {
            manager.removeEventListener(listener);
        }
        work.shutdown();
        work.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Closes, logging rather than throwing: used while stopping, when there is no one left to tell. */
    public void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("closing the Discord connection failed: {}", e.getMessage());
        }
    }

    /** After the engine closed: what it last handed over reaches Discord, then the connections and the pools close. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        login.close();
        if (!work.isShutdown()) {
            stopTakingWork();
        }
        announcer.finishPending(Duration.ofSeconds(5));
        ShardManager manager = shards;
        if (manager != null) {
            manager.shutdown();
        }
        GatewayQueue queue = gateway;
        if (queue != null) {
            queue.close();
        }
        rendering.shutdown();
        rendering.awaitTermination(5, TimeUnit.SECONDS);
    }
}
