package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.CountedCalls;
import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.adapter.chat.NamedThreads;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.GuardedGet;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.engine.port.ImageStore;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Discord adapter on JDA: logs in with only the intents it needs, registers {@code /kontext}, and routes
 * every event through one {@link DiscordListener}. Runs as a shard manager, so one setting spreads a large bot
 * over shards and instances; the gateway address comes from the REST API's {@code /gateway/bot} answer.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    /** Thread replies need MESSAGE_CONTENT (privileged: switch it on in the Developer Portal); no member lists, no presences. */
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT,
            GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.DIRECT_MESSAGES, GatewayIntent.DIRECT_MESSAGE_REACTIONS);

    private final DiscordSettings settings;
    private final ShardManager shards;
    private final ExecutorService work;
    private final ExecutorService rendering;
    private final DiscordTurnAnnouncer announcer;
    private final OkHttpClient http;
    /** The catalogue as this bot serves it, for the model options registered with the commands. */
    private final java.util.function.Supplier<java.util.List<dev.kontextbot.engine.catalogue.ModelChoice>> models;

    public DiscordBot(DiscordSettings settings, ChatServices core, SafeImageFetcher links, OkHttpClient http) {
        this.settings = settings;
        this.http = http;
        ConversationEngine engine = core.engine();
        this.models = engine::models;
        ScopedDefaults defaults = core.defaults();
        TenantPolicies policies = core.policies();
        ImageStore images = core.images();
        AnnouncementRepository announcements = core.announcements();
        Clock clock = core.clock();
        this.work = Executors.newFixedThreadPool(4, NamedThreads.of("discord-work"));
        this.rendering = Executors.newFixedThreadPool(4, NamedThreads.of("discord-render"));
        AtomicReference<ShardManager> manager = new AtomicReference<>();
        DiscordTurnAnnouncer announcer = new DiscordTurnAnnouncer(engine,
                new DiscordRestMessages(() -> anyShard(manager.get())), images, announcements, rendering, clock, settings.maxUploadBytes());
        engine.addListener(announcer);
        this.announcer = announcer;
        DiscordAccess access = new DiscordAccess(settings.allowedChannels(), settings.allowedRoles(), settings.allowDms(),
                guild -> policies.stored(Platform.DISCORD, guild));
        ImageSources sources = new ImageSources(new AttachmentDownloads(new GuardedGet(http, Dns.SYSTEM, new AddressPolicy(),
                GuardedGet.Reach.platform(settings.attachmentHosts(), settings.apiUrl())), settings.maxDownloadBytes()), links);
        UploadFitter fitter = new UploadFitter(engine.decoder());
        SessionPictures pictures = new SessionPictures(engine, images);
        SessionExports exports = new SessionExports(core.exporter(), settings.maxUploadBytes());
        DiscordListener listener = new DiscordListener(engine, access, sources,
                new SessionStarts(engine, defaults, fitter, settings.maxUploadBytes()),
                new ThreadReplies(engine, sources, access, settings.ignorePrefix()),
                new ButtonActions(engine, announcer, pictures, exports, clock),
                new ReactionVotes(engine, announcements, announcer),
                new InfoCommands(engine, defaults, policies, announcements, pictures, exports), new PolicyCommands(policies, core.usage(), engine::models),
                core.deliveries(), work);
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()))
                .setCompression(settings.gatewayCompression() ? Compression.ZLIB : Compression.NONE)
                .setEnableShutdownHook(false)
                .setHttpClientBuilder(IOUtil.newHttpClientBuilder().addInterceptor(new CountedCalls(Platform.DISCORD, core.apiCalls())))
                .setShardsTotal(settings.shardTotal() == 0 ? -1 : settings.shardTotal())
                .addEventListeners(listener);
        if (!settings.shards().isEmpty()) {
            builder.setShards(settings.shards());
        }
        manager.set(builder.build(false));
        this.shards = manager.get();
    }

    /** REST calls are not tied to a shard: any shard's requester posts to any channel. */
    private static JDA anyShard(ShardManager shards) {
        List<JDA> running = shards.getShards();
        if (running.isEmpty()) {
            throw new IllegalStateException("no Discord shard runs in this process yet");
        }
        return running.get(0);
    }

    /**
     * Shows the token to Discord, then connects every shard of this process, waits until they are ready, and registers the
     * commands. A refused token or an unreachable Discord is an outcome, not an exception: JDA would log a stack trace
     * for the one and call it a bad token.
     */
    public LoginCheck start() throws InterruptedException {
        LoginCheck check = checkToken();
        if (!(check instanceof LoginCheck.Accepted)) {
            return check;
        }
        try {
            shards.login();
            for (JDA shard : shards.getShards()) {
                shard.awaitReady();
            }
        } catch (InvalidTokenException e) {
            return new LoginCheck.Refused("401 Unauthorized");
        } catch (RuntimeException e) {
            return LoginCheck.networkCause(e).<LoginCheck>map(io -> LoginCheck.unreachable(apiHost(), io)).orElseGet(() -> {
                // Not one of the failures we know: its trace may be what explains it.
                log.warn("Discord login failed", e);
                return new LoginCheck.Unexpected(e.getMessage());
            });
        }
        registerCommands();
        log.info("Discord connected: {} shard(s), {} server(s). Invite: {}", shards.getShards().size(), shards.getGuilds().size(), inviteUrl());
        return check;
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

    /** Each shard of this process and its gateway status; up when every one is connected. */
    public Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        int connected = 0;
        for (JDA shard : shards.getShards()) {
            details.put("shard " + shard.getShardInfo().getShardId(), shard.getStatus().name().toLowerCase(Locale.ROOT));
            connected += shard.getStatus() == JDA.Status.CONNECTED ? 1 : 0;
        }
        String state = connected + " of " + details.size() + " shard(s) connected";
        return (connected == details.size() && connected > 0 ? Health.up(state) : Health.down(state)).withDetails(details);
    }

    /** The link a server admin opens to add the bot, asking for exactly the permissions it uses. */
    public String inviteUrl() {
        JDA shard = shards.getShards().get(0);
        shard.setRequiredScopes("applications.commands");
        return shard.getInviteUrl(DiscordAccess.INVITE);
    }

    private void registerCommands() {
        if (!settings.devGuild().isBlank()) {
            Guild guild = shards.getGuildById(settings.devGuild());
            if (guild == null) {
                log.warn("discord.dev-guild {} is not a server this bot is in; no commands registered", settings.devGuild());
                return;
            }
            guild.updateCommands().addCommands(KontextCommands.all(models.get())).complete();
            log.info("Discord commands registered in server {}", guild.getName());
            return;
        }
        // Global commands belong to the application, not a shard: the process running shard 0 registers them once.
        JDA first = shards.getShardById(0);
        if (first != null) {
            first.updateCommands().addCommands(KontextCommands.all(models.get())).complete();
            log.info("Discord commands registered globally (they may take up to an hour to appear everywhere)");
        }
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

    @Override
    public void close() throws InterruptedException {
        work.shutdown();
        work.awaitTermination(5, TimeUnit.SECONDS);
        // Messages still being drawn reach Discord before the connection, the engine and the database close.
        announcer.finishPending(java.time.Duration.ofSeconds(5));
        shards.shutdown();
        rendering.shutdown();
        rendering.awaitTermination(5, TimeUnit.SECONDS);
    }
}
