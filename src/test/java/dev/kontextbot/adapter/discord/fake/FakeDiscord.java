package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.cache.CacheFlag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.array;
import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/**
 * Discord on loopback for one test: a REST API ({@link #restBaseUrl()}) and a gateway ({@link #gatewayUrl()}) that
 * the real JDA client talks to, a modelled guild (#general, @everyone, an admin role, the bot, alice, bob and the
 * admin carol, plus a bot {@code otherbot}), and an optional second guild (bot, alice, admin dave) for tenant
 * isolation. Tests inject what users do ({@link #slashCommand}, {@link #button}, {@link #messageCreate}, …) and
 * await what the bot did ({@link #awaitCall}, {@link #message}).
 */
public final class FakeDiscord implements AutoCloseable {
    public static final String TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.fake.discord-token-for-tests";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final FakeWorld world;
    private final MockWebServer server = new MockWebServer();
    private final CallRecorder recorder = new CallRecorder();
    private final FakeGateway gateway;
    private final MessageStore messages;
    private final GatewayEcho echo;
    private final CommandRegistry commands;
    private final InteractionResponder responder;
    private final UserInteractions interactions;
    private final FakeDiscordRest rest;
    private final List<JDA> clients = new CopyOnWriteArrayList<>();

    private FakeDiscord(FakeWorld world) {
        this.world = world;
        gateway = new FakeGateway(world, TOKEN);
        messages = new MessageStore(world, this::cdnUrl);
        echo = new GatewayEcho(world, gateway);
        commands = new CommandRegistry(world);
        responder = new InteractionResponder(world, messages, echo);
        interactions = new UserInteractions(world, messages, commands, responder, gateway, recorder);
        rest = new FakeDiscordRest(world, TOKEN, messages, recorder, gateway, echo, commands, responder);
        server.setDispatcher(rest);
        try {
            server.start(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gateway.startAndWait();
    }

    /** One guild. */
    public static FakeDiscord start() {
        return new FakeDiscord(new FakeWorld(false));
    }

    /** One guild, whose events go to shard {@code shard} when the bot runs {@code shardTotal} shards. */
    public static FakeDiscord startWithGuildOnShard(int shard, int shardTotal) {
        return new FakeDiscord(new FakeWorld(false, shard, shardTotal));
    }

    /** Two guilds, for tests that one guild's state does not leak into another's. */
    public static FakeDiscord startWithSecondGuild() {
        return new FakeDiscord(new FakeWorld(true));
    }

    // ---------------------------------------------------------------- endpoints and JDA

    public String restBaseUrl() {
        return loopback().encodedPath(FakeDiscordRest.API_PREFIX).build().toString();
    }

    public String gatewayUrl() {
        return gateway.url();
    }

    /** An http URL of the fake for a path such as {@code attachments/1/2/in.png}. */
    public String cdnUrl(String path) {
        return loopback().addPathSegments(path).build().toString();
    }

    // MockWebServer names itself "localhost", which may resolve to ::1 while it listens on 127.0.0.1.
    private HttpUrl.Builder loopback() {
        return new HttpUrl.Builder().scheme("http").host("127.0.0.1").port(server.getPort());
    }

    /** Serves {@code bytes} at {@code attachments/{name}} and returns its URL. */
    public String serveAttachment(String name, byte[] bytes, String contentType) {
        return messages.serve("attachments/" + name, bytes, contentType);
    }

    /**
     * Points a builder at the fake: REST base URL, gateway URL (JDA takes it from the session controller), no
     * compression, no shutdown hook. The caller owns the JDA it builds unless it goes through {@link #connect(JDABuilder)}.
     */
    public JDABuilder configure(JDABuilder builder) {
        String gatewayUrl = gateway.url();
        return builder.setRestConfig(new RestConfig().setBaseUrl(restBaseUrl()))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return gatewayUrl;
                    }
                })
                .setCompression(Compression.NONE)
                .setEnableShutdownHook(false);
    }

    /** A JDA logged in as the fake bot with these intents and listeners, connected with all guilds loaded. */
    public JDA connect(Collection<GatewayIntent> intents, Object... listeners) {
        // Disabling the caches these intents cannot fill, explicitly, spares every test JDA's warnings about it.
        List<CacheFlag> unfillable = Arrays.stream(CacheFlag.values())
                .filter(f -> f.getRequiredIntent() != null && !intents.contains(f.getRequiredIntent())).toList();
        return connect(JDABuilder.create(TOKEN, intents).disableCache(unfillable).addEventListeners(listeners));
    }

    /** Builds {@code builder} against the fake, waits until CONNECTED, and shuts it down on {@link #close()}. */
    public JDA connect(JDABuilder builder) {
        CountDownLatch connected = new CountDownLatch(1);
        EventListener watch = event -> {
            if (event instanceof StatusChangeEvent change && change.getNewStatus() == JDA.Status.CONNECTED) {
                connected.countDown();
            }
        };
        JDA jda = configure(builder).addEventListeners(watch).build();
        clients.add(jda);
        try {
            if (!connected.await(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("JDA is " + jda.getStatus() + " after " + DEFAULT_TIMEOUT + "; calls: " + calls());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        jda.removeEventListener(watch);
        return jda;
    }

    // ---------------------------------------------------------------- the modelled world

    /** The language of {@code user}'s Discord client, as interactions carry it ("de", "en-US"). */
    public void speaks(FakeUser user, String locale) {
        world.locales.put(user.id(), locale);
    }

    /** A guild's preferred locale; set it before the bot connects, which reads it from GUILD_CREATE. */
    public void speaks(FakeGuild guild, String locale) {
        world.locales.put(guild.id(), locale);
    }

    public FakeUser bot() {
        return world.bot;
    }

    public FakeUser alice() {
        return world.alice;
    }

    public FakeUser bob() {
        return world.bob;
    }

    /** The admin of the first guild (admin role, and its owner). */
    public FakeUser carol() {
        return world.carol;
    }

    /** The admin of the second guild; not in the first. */
    public FakeUser dave() {
        return world.dave;
    }

    /** Another bot in the first guild, for "ignore bots" tests. */
    public FakeUser otherBot() {
        return world.otherBot;
    }

    public FakeGuild guild() {
        return world.guilds.get(0);
    }

    public FakeGuild secondGuild() {
        if (world.guilds.size() < 2) {
            throw new IllegalStateException("started without a second guild; use FakeDiscord.startWithSecondGuild()");
        }
        return world.guilds.get(1);
    }

    /** {@code #general} of the first guild. */
    public FakeChannel general() {
        return guild().general();
    }

    /** The DM channel between the bot and {@code user} (the one {@code POST users/@me/channels} returns). */
    public FakeChannel dmWith(FakeUser user) {
        return world.dm(user);
    }

    /** A thread the fake knows (created by the bot over REST or by {@link #createThread}). */
    public FakeChannel thread(String id) {
        FakeChannel thread = world.threads.get(id);
        if (thread == null) {
            throw new IllegalArgumentException("no thread " + id + "; threads: " + world.threads.keySet());
        }
        return thread;
    }

    public List<FakeChannel> threads() {
        return List.copyOf(world.threads.values());
    }

    // ---------------------------------------------------------------- what the bot did

    /** Every REST call so far, in arrival order. */
    public List<RecordedCall> calls() {
        return recorder.all();
    }

    /**
     * The earliest call not yet returned by an await whose method matches and whose path (relative to
     * {@code /api/v10/}, without query) matches {@code pathRegex} entirely; waits up to {@code timeout}.
     */
    public RecordedCall awaitCall(String method, String pathRegex, Duration timeout) {
        return recorder.await(method, pathRegex, timeout);
    }

    public RecordedCall awaitCall(String method, String pathRegex) {
        return awaitCall(method, pathRegex, DEFAULT_TIMEOUT);
    }

    /** The initial response to {@code interaction}; {@code at("/type")} is the callback type (5 = deferred reply). */
    public RecordedCall awaitCallback(SentInteraction interaction) {
        return awaitCall("POST", java.util.regex.Pattern.quote(interaction.callbackPath()));
    }

    /** Calls to routes the fake does not implement (all answered 404 code 10000). */
    public List<RecordedCall> unknownRoutes() {
        return calls().stream().filter(RecordedCall::unknownRoute).toList();
    }

    /** The gateway dispatches sent to JDA so far (READY, GUILD_CREATE, and everything after), in order. */
    public List<GatewayEvent> dispatchedEvents() {
        return gateway.sent();
    }

    /** Paths of files fetched from the fake's CDN ({@code attachments/...}). */
    public List<String> downloads() {
        return rest.downloads();
    }

    /** The message as it is now, or null if it never existed or was deleted. */
    public StoredMessage message(String id) {
        ObjectNode json = messages.get(id);
        return json == null ? null : new StoredMessage(json);
    }

    public boolean isDeleted(String messageId) {
        return messages.isDeleted(messageId);
    }

    /** Messages in a channel, oldest first. */
    public List<StoredMessage> messages(FakeChannel channel) {
        List<StoredMessage> list = new ArrayList<>(messages.history(channel.id()).stream().map(StoredMessage::new).toList());
        java.util.Collections.reverse(list);
        return list;
    }

    /** The interaction's original response (@original) as it is now, or null before the interaction was answered. */
    public StoredMessage originalResponse(SentInteraction interaction) {
        String id = responder.state(interaction).originalMessageId;
        return id == null ? null : message(id);
    }

    /** The callback bodies the bot sent for {@code interaction} (at most one, Discord rejects a second). */
    public List<JsonNode> callbacks(SentInteraction interaction) {
        return List.copyOf(responder.state(interaction).callbacks);
    }

    /** The bytes behind an attachment the fake created (uploads by the bot or by fake users). */
    public byte[] attachmentBytes(String attachmentId) {
        return messages.attachmentBytes(attachmentId);
    }

    /** Registered application commands: global ones for null, else the guild's. */
    public List<ObjectNode> registeredCommands(FakeGuild guildOrNull) {
        return commands.all(guildOrNull == null ? null : guildOrNull.id());
    }

    /**
     * Whether the bot's own messages, edits, deletions and reactions come back as gateway events (default true, as
     * on Discord; ephemeral messages never do).
     */
    public void setEchoOwnMessages(boolean echo) {
        this.echo.setOwnMessages(echo);
    }

    /**
     * How long after an interaction its first response may come; later callbacks get Discord's 404 "Unknown
     * interaction" (10062). Default 3 s, as on Discord; null switches the check off.
     */
    public void setAckDeadline(Duration deadline) {
        responder.setAckDeadline(deadline);
    }

    /** While {@code refuse}, every authenticated REST call is answered 401, as Discord answers a reset or wrong token. */
    public void refuseToken(boolean refuse) {
        rest.refuseToken(refuse);
    }

    /** GET gateway(/bot) answers {@code url} (a closed port, say) instead of the fake's gateway; null: the fake's again. */
    public void announceGateway(String url) {
        rest.announceGateway(url);
    }

    /** Whether any shard's gateway connection is identified and open (false once the bot closed them). */
    public boolean isGatewayConnected() {
        return gateway.isIdentified();
    }

    /** Holds the READY of {@code shard} after it identifies until the returned latch is counted down. */
    public CountDownLatch holdReady(int shard) {
        return gateway.holdReady(shard);
    }

    /**
     * The next call matching method and path is answered with this Discord error instead of its route, once; e.g.
     * {@code failNext("POST", "channels/\\d+/messages", 403, 50013, "Missing Permissions")}.
     */
    public void failNext(String method, String pathRegex, int status, int code, String message) {
        rest.failNext(method, pathRegex, status, code, message);
    }

    // ---------------------------------------------------------------- what users do

    /** A user posts in a channel, thread or DM; attachments are uploaded to the fake's CDN. */
    public StoredMessage messageCreate(FakeChannel channel, FakeUser author, String content, FakeFile... attachments) {
        ObjectNode message = messages.createFromUser(channel, author, content, Arrays.asList(attachments));
        gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.messageEvent(world, message));
        return new StoredMessage(message);
    }

    /** A user starts a thread in {@code parent} (not from a message); JDA learns of it through THREAD_CREATE. */
    public FakeChannel createThread(FakeChannel parent, FakeUser owner, String name) {
        FakeChannel thread = world.thread(world.nextId(), parent, name, owner);
        gateway.dispatch("THREAD_CREATE", world.threadObject(thread.id()).put("newly_created", true));
        return thread;
    }

    /**
     * A thread that was archived before JDA connected: the gateway never announces it (GUILD_CREATE lists only
     * active threads), so JDA has no object for it, yet REST calls on its id work. The fake does not model what
     * Discord refuses in archived threads.
     */
    public FakeChannel archivedThread(FakeChannel parent, FakeUser owner, String name) {
        FakeChannel thread = world.thread(world.nextId(), parent, name, owner);
        world.archive(thread.id());
        return thread;
    }

    public void reactionAdd(FakeChannel channel, String messageId, FakeUser user, String emoji) {
        react(channel, messageId, user, emoji, true);
    }

    public void reactionRemove(FakeChannel channel, String messageId, FakeUser user, String emoji) {
        react(channel, messageId, user, emoji, false);
    }

    /**
     * {@code /command [subcommand] options…}; a subcommand in a group is named "group subcommand". Option values map to Discord option types: String, Integer/Long,
     * Boolean, Double, {@link FakeUser} (resolved user and member) and {@link FakeFile} (an attachment option,
     * resolved and served by the fake). Use a {@link LinkedHashMap} to fix the option order.
     */
    public SentInteraction slashCommand(FakeChannel channel, FakeUser user, String command, String subcommand, Map<String, ?> options) {
        return interactions.slashCommand(channel, user, command, subcommand, options);
    }

    /** Autocomplete while typing {@code focused}; the fake records the choices the bot answers with (callback type 8). */
    public SentInteraction autocomplete(FakeChannel channel, FakeUser user, String command, String subcommand,
                                        Map<String, ?> options, String focused) {
        return interactions.autocomplete(channel, user, command, subcommand, options, focused);
    }

    /** A message context-menu command on {@code targetMessageId}, which must be a message the fake knows. */
    public SentInteraction messageContextCommand(FakeChannel channel, FakeUser user, String command, String targetMessageId) {
        return interactions.messageContextCommand(channel, user, command, targetMessageId);
    }

    /** A click on the button {@code customId} of a message the fake knows (usually one the bot sent). */
    public SentInteraction button(FakeChannel channel, FakeUser user, String messageId, String customId) {
        return interactions.component(channel, user, messageId, object().put("custom_id", customId).put("component_type", 2));
    }

    /** A choice in the string select {@code customId}. */
    public SentInteraction stringSelect(FakeChannel channel, FakeUser user, String messageId, String customId, String... values) {
        ArrayNode chosen = array();
        Arrays.stream(values).forEach(chosen::add);
        return interactions.component(channel, user, messageId,
                object().put("custom_id", customId).put("component_type", 3).set("values", chosen));
    }

    /** A submitted modal that was not opened from a message component. */
    public SentInteraction modalSubmit(FakeChannel channel, FakeUser user, String customId, Map<String, String> fields) {
        return modalSubmit(channel, user, null, customId, fields);
    }

    /**
     * A submitted modal, with text input values by custom id. JDA 6.3.0 reads only label components (type 18)
     * wrapping the input, so that is the shape sent. If the bot opened a modal with this custom id, its
     * component ids are used and a field it did not have is an error. {@code messageId} is the message whose
     * component opened the modal, or null.
     */
    public SentInteraction modalSubmit(FakeChannel channel, FakeUser user, String messageId, String customId, Map<String, String> fields) {
        return interactions.modalSubmit(channel, user, messageId, customId, fields);
    }

    /** The shards whose connection has identified and is open, for tests that drop the gateway. */
    public java.util.Set<Integer> connectedShards() {
        return gateway.connectedShards();
    }

    /** Closes every gateway connection (close code 4000, so JDA reconnects); how many were open. */
    public int dropGateway() {
        return gateway.dropConnections();
    }

    /** Sends any gateway dispatch as is, for events the helpers do not cover. */
    public void dispatch(String type, ObjectNode payload) {
        gateway.dispatch(type, payload);
    }

    @Override
    public void close() {
        // A graceful shutdown lets requests in flight finish, so a test's last call does not end in an error log.
        clients.forEach(JDA::shutdown);
        for (JDA jda : clients) {
            try {
                if (!jda.awaitShutdown(Duration.ofSeconds(5))) {
                    jda.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jda.shutdownNow();
            }
        }
        try {
            gateway.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }

    // ---------------------------------------------------------------- internals

    private void react(FakeChannel channel, String messageId, FakeUser user, String emoji, boolean add) {
        ObjectNode message = messages.get(messageId);
        if (message == null) {
            throw new IllegalArgumentException("the fake has no message " + messageId);
        }
        messages.react(messageId, emoji, user.id(), add);
        gateway.dispatch(add ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE",
                DiscordPayloads.reaction(world, channel, message, user, emoji, add));
    }
}
