package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Words;
import com.slack.api.Slack;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.adapter.chat.NamedThreads;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.TrackedPool;
import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.GuardedGet;
import dev.kontextbot.adapter.fetch.PastedLinks;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.engine.port.DeliveryClaims;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.StoreFailures;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Slack app on Bolt: every handler is registered here, each acks at once and hands the work to the
 * adapter's executor (Slack wants an answer within 3 s). Connects by Socket Mode, or serves the Events API
 * through {@link #handleHttp} on the bot's web server.
 */
public final class SlackBot implements AutoCloseable {
    /** Conversations on Slack: the engine only compares platforms; the name is what the database stores. */
    public static final Platform PLATFORM = new Platform("slack");
    private static final Logger log = LoggerFactory.getLogger(SlackBot.class);
    /** Between attempts to replace a Socket Mode connection: from about a second up to a minute, jittered. */
    private static final RetryPolicy SOCKET_BACKOFF = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofMinutes(1), 2);

    private final SlackSettings settings;
    private final App app;
    private final TrackedPool work;
    private final ExecutorService rendering;
    private final SignedRequests signatureVerifier;
    private final SlackReplies replies;
    private final SlackSockets sockets;
    private final SlackTurnAnnouncer announcer;
    private final DeliveryClaims deliveries;
    private final SlackLocales locales;

    public SlackBot(SlackSettings settings, ChatServices core, OkHttpClient http) {
        this.settings = settings;
        this.deliveries = core.deliveries();
        ConversationEngine engine = core.engine();
        ImageStore images = core.images();
        AnnouncementRepository announcements = core.announcements();
        Clock clock = core.clock();
        Slack slack = SlackLogin.slack(settings, core.apiCalls());
        // Events we have no handler for (edits, deletions, joins…) are acknowledged, so Slack does not retry them.
        AppConfig.AppConfigBuilder config = AppConfig.builder().slack(slack).singleTeamBotToken(settings.botToken())
                .allEventsApiAutoAckEnabled(true);
        if (settings.mode() == SlackSettings.Mode.HTTP) {
            config.signingSecret(settings.signingSecret());
        }
        this.app = new App(config.build());
        this.signatureVerifier = settings.mode() == SlackSettings.Mode.HTTP ? new SignedRequests(settings.signingSecret(), clock) : null;
        this.work = new TrackedPool(Executors.newFixedThreadPool(2, NamedThreads.of("slack-work")));
        this.rendering = Executors.newFixedThreadPool(4, NamedThreads.of("slack-render"));
        var client = slack.methods(settings.botToken());
        SlackReplies replies = new SlackReplies(client);
        this.locales = new SlackLocales(client, core.languages());
        this.replies = replies;
        RefusalWords refusals = new RefusalWords(core.languages(), "slack");
        SlackSessions sessions = new SlackSessions(engine, new SlackFiles(new GuardedGet(http, Dns.SYSTEM, new AddressPolicy(),
                GuardedGet.Reach.platform(settings.fileHosts(), settings.apiUrl())), settings), replies, core.defaults(), core.policies(), refusals,
                locales, new PastedLinks(core.links(), engine::knownAt, clock, settings.fileHosts()));
        SlackTurnAnnouncer announcer = new SlackTurnAnnouncer(engine, client, images, announcements, rendering, clock, locales);
        this.announcer = announcer;
        engine.addListener(announcer);
        SlackModals modals = new SlackModals(client, () -> engine.models().stream().filter(m -> m.available()).map(m -> m.id().id()).toList());
        SlackAdmins admins = new SlackAdmins(client);
        SlackActions actions = new SlackActions(engine, announcements, announcer, replies, modals, admins, new SessionPictures(engine, images),
                core.exporter(), clock, refusals, locales);
        register(sessions, actions, new SlackCommand(core, client, sessions, replies, actions,
                new SlackAdminCommand(core), admins, locales, work::execute),
                modals, replies);
        this.sockets = settings.mode() == SlackSettings.Mode.SOCKET
                ? new SlackSockets(settings.socketConnections(), SocketUrls.over(slack.methods(settings.appToken()), settings),
                        new SocketEnvelopes(app), SOCKET_BACKOFF)
                : null;
    }

    private void register(SlackSessions sessions, SlackActions actions, SlackCommand command, SlackModals modals, SlackReplies replies) {
        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            String thread = e.getThreadTs() != null ? e.getThreadTs() : e.getTs();
            onceInBackground(payload.getEventId(), new Asker(e.getChannel(), thread, e.getUser()), "a mention", () -> sessions.handle(new SlackSessions.Incoming(
                    payload.getTeamId(), e.getChannel(), thread, e.getUser(), SlackText.unescape(e.getText()), e.getFiles(),
                    "slack:" + payload.getEventId(), ParamOverrides.NONE)));
            return ctx.ack();
        });
        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent e = payload.getEvent();
            if (isReplyForTheBot(e.getThreadTs(), e.getBotId(), e.getText(), ctx.getBotUserId())) {
                onceInBackground(payload.getEventId(), new Asker(e.getChannel(), e.getThreadTs(), e.getUser()), "a thread reply", () -> reply(sessions, payload.getTeamId(),
                        e.getChannel(), e.getThreadTs(), e.getUser(), SlackText.unescape(e.getText()), e.getFiles(), "slack:" + payload.getEventId()));
            }
            return ctx.ack();
        });
        app.event(MessageFileShareEvent.class, (payload, ctx) -> {
            MessageFileShareEvent e = payload.getEvent();
            if (isReplyForTheBot(e.getThreadTs(), null, e.getText(), ctx.getBotUserId())) {
                onceInBackground(payload.getEventId(), new Asker(e.getChannel(), e.getThreadTs(), e.getUser()), "a file shared in a thread", () -> reply(sessions,
                        payload.getTeamId(), e.getChannel(), e.getThreadTs(), e.getUser(), SlackText.unescape(e.getText()), e.getFiles(),
                        "slack:" + payload.getEventId()));
            }
            return ctx.ack();
        });
        app.event(ReactionAddedEvent.class, (payload, ctx) -> {
            ReactionAddedEvent e = payload.getEvent();
            onceInBackground(payload.getEventId(), Optional::empty, "a reaction", () -> actions.react(payload.getTeamId(), e.getItem().getChannel(), e.getItem().getTs(),
                    e.getReaction(), e.getUser(), true));
            return ctx.ack();
        });
        app.event(ReactionRemovedEvent.class, (payload, ctx) -> {
            ReactionRemovedEvent e = payload.getEvent();
            onceInBackground(payload.getEventId(), Optional::empty, "a reaction", () -> actions.react(payload.getTeamId(), e.getItem().getChannel(), e.getItem().getTs(),
                    e.getReaction(), e.getUser(), false));
            return ctx.ack();
        });
        app.command("/kontext", (req, ctx) -> {
            SlashCommandPayload p = req.getPayload();
            SlackCommand.Invocation in = new SlackCommand.Invocation(p.getTeamId(), p.getChannelId(), p.getUserId(),
                    SlackText.unescape(p.getText()), p.getTriggerId(), text -> respond(ctx, text));
            String answer = command.immediateAnswer(in);
            if (answer != null) {
                return ctx.ack(answer);
            }
            inBackground(new Asker(p.getChannelId(), null, p.getUserId()), "/kontext", () -> command.run(in));
            return ctx.ack();
        });
        app.blockAction(Pattern.compile(Pattern.quote(SlackBlocks.ACTION_PREFIX) + ".*"), (req, ctx) -> {
            var p = req.getPayload();
            var action = p.getActions().get(0);
            String channel = p.getChannel() != null ? p.getChannel().getId() : p.getContainer().getChannelId();
            String thread = threadOf(p);
            inBackground(new Asker(channel, thread, p.getUser().getId()), "a button", () -> actions.press(new SlackActions.Press(
                    p.getTeam().getId(), channel, thread, p.getUser().getId(), action.getActionId(), action.getValue(), p.getTriggerId())));
            return ctx.ack();
        });
        app.messageShortcut(SlackModals.EDIT, (req, ctx) -> {
            var p = req.getPayload();
            var message = p.getMessage();
            var image = message.getFiles() == null ? null : message.getFiles().stream()
                    .filter(f -> f.getMimetype() != null && f.getMimetype().startsWith("image/")).findFirst().orElse(null);
            String thread = message.getThreadTs() != null ? message.getThreadTs() : message.getTs();
            Asker asker = new Asker(p.getChannel().getId(), thread, p.getUser().getId());
            if (image == null) {
                inBackground(asker, "the shortcut", () -> replies.toPerson(asker.channel(), thread, asker.user(),
                        locales.of(asker.user()).say("slack.shortcut.noImage")));
            } else {
                String metadata = String.join("|", p.getChannel().getId(), thread, image.getUrlPrivate(), image.getMimetype());
                inBackground(asker, "the shortcut", () -> {
                    Words words = locales.of(asker.user());
                    modals.open(words, p.getTriggerId(), SlackModals.EDIT, words.say("slack.form.edit"), metadata, null, null);
                });
            }
            return ctx.ack();
        });
        app.viewSubmission(SlackModals.EDIT, (req, ctx) -> {
            var p = req.getPayload();
            String[] target = p.getView().getPrivateMetadata().split("\\|", 4);
            com.slack.api.model.File file = new com.slack.api.model.File();
            file.setUrlPrivate(target[2]);
            file.setMimetype(target[3]);
            String prompt = SlackModals.prompt(p.getView());
            inBackground(new Asker(target[0], target[1], p.getUser().getId()), "the edit form", () -> sessions.handle(new SlackSessions.Incoming(
                    p.getTeam().getId(), target[0], target[1], p.getUser().getId(), prompt, List.of(file), "slack:view:" + p.getView().getId(),
                    SlackModals.params(p.getView()))));
            return ctx.ack();
        });
        app.viewSubmission(SlackModals.REMIX, (req, ctx) -> {
            var p = req.getPayload();
            String prompt = SlackModals.prompt(p.getView());
            String team = p.getTeam().getId();
            String user = p.getUser().getId();
            String metadata = p.getView().getPrivateMetadata();
            inBackground(() -> actions.placeOf(team, metadata).map(c -> new Asker(c.channel(), c.thread(), user)), "the remix form",
                    () -> actions.remix(team, user, metadata, prompt, SlackModals.params(p.getView()), "slack:view:" + p.getView().getId()));
            return ctx.ack();
        });
    }

    /** A late answer to a slash command, to the person only (response_url's default); Slack refusing it is logged. */
    private static void respond(com.slack.api.bolt.context.builtin.SlashCommandContext ctx, String text) {
        try {
            var response = ctx.respond(text);
            if (response.getCode() != 200) {
                log.warn("Slack refused a late /kontext answer: HTTP {} {}", response.getCode(), response.getBody());
            }
        } catch (java.io.IOException e) {
            log.warn("a late /kontext answer could not be sent: {}", e.getMessage());
        }
    }

    /** Who is waiting for an answer to a background task, and where to tell them privately that it failed. */
    private record Asker(String channel, String thread, String user) {
    }

    /**
     * Runs a handler's work after the ack. Nothing it throws is lost: it is logged once, with the stack, and the person
     * who asked is told privately, in their thread.
     */
    /**
     * Slack delivers an event again when it thinks its acknowledgement was lost, possibly over another connection or to
     * another instance, and both copies may arrive at once: only the first delivery of an event id, on any instance,
     * is handled.
     */
    private void onceInBackground(String eventId, Asker asker, String what, Runnable task) {
        onceInBackground(eventId, () -> Optional.of(asker), what, task);
    }

    private void onceInBackground(String eventId, Supplier<Optional<Asker>> asker, String what, Runnable task) {
        inBackground(asker, what, () -> {
            if (eventId == null || deliveries.claim("slack:e:" + eventId)) {
                task.run();
            } else {
                log.info("Slack delivered {} (event {}) again: it is handled once", what, eventId);
            }
        });
    }

    private void inBackground(Asker asker, String what, Runnable task) {
        inBackground(() -> Optional.of(asker), what, task);
    }

    /**
     * {@code asker}: found only when needed (the remix form names its session, not where it is); empty when nobody
     * waits for an answer, as for a reaction.
     */
    private void inBackground(Supplier<Optional<Asker>> asker, String what, Runnable task) {
        work.execute(() -> {
            try {
                task.run();
            } catch (Throwable failure) {
                if (StoreFailures.isUnreachable(failure)) {
                    // Weather, not a bug: the person hears the database apology; the outage itself is on /healthz.
                    log.warn("handling {} from Slack failed: the database is out of reach ({})", what, StoreFailures.summary(failure));
                } else {
                    log.error("handling {} from Slack failed", what, failure);
                }
                tellOfFailure(asker, what, failure);
            }
        });
    }

    private void tellOfFailure(Supplier<Optional<Asker>> asker, String what, Throwable failure) {
        try {
            asker.get().ifPresent(who -> replies.toPerson(who.channel(), who.thread(), who.user(),
                    Apology.forFailure(locales.of(who.user()), failure)));
        } catch (RuntimeException e) {
            log.warn("could not tell the person that {} failed: {}", what, e.toString());
        }
    }

    /** The thread of the message a button is on (its ts is the thread when it starts one); null outside threads. */
    private static String threadOf(com.slack.api.app_backend.interactive_components.payload.BlockActionPayload p) {
        if (p.getContainer() != null && p.getContainer().getThreadTs() != null) {
            return p.getContainer().getThreadTs();
        }
        return p.getMessage() == null ? null : p.getMessage().getThreadTs();
    }

    /** A plain reply in a thread: not from a bot, not a side remark (//), and not a mention (that event comes separately). */
    private static boolean isReplyForTheBot(String threadTs, String botId, String text, String botUserId) {
        if (threadTs == null || botId != null) {
            return false;
        }
        String body = text == null ? "" : text.strip();
        return !body.startsWith("//") && (botUserId == null || !body.contains("<@" + botUserId + ">"));
    }

    private static void reply(SlackSessions sessions, String team, String channel, String thread, String user, String text,
                              List<com.slack.api.model.File> files, String requestKey) {
        if (sessions.sessionOf(team, channel, thread).isPresent()) {
            sessions.handle(new SlackSessions.Incoming(team, channel, thread, user, text, files, requestKey, ParamOverrides.NONE));
        }
    }

    /**
     * Socket Mode: opens the WebSockets that Slack pushes events over (no public URL needed). Slack hands each event
     * to one of the app's connections, on whichever instance; each runs the same app, and a redelivered event is
     * recognised by its id wherever it lands. A refused app token is the answer; once accepted, our watchdog keeps the
     * connections open.
     */
    public LoginCheck startSocketMode() {
        if (sockets == null) {
            throw new IllegalStateException("the Slack adapter runs in HTTP mode");
        }
        app.start();
        LoginCheck check = sockets.start();
        if (check instanceof LoginCheck.Accepted) {
            log.info("Slack connecting by Socket Mode ({} connection(s))", settings.socketConnections());
        }
        return check;
    }

    /** Each Socket Mode connection, as the watchdog counts it; in HTTP mode Slack calls us, so there is nothing to hold open. */
    public Health health() {
        if (settings.mode() == SlackSettings.Mode.HTTP) {
            return Health.up("HTTP mode (Slack calls /slack/events)");
        }
        return sockets.health();
    }

    /** HTTP mode: one Events API / interactivity / slash-command request, verified by its signature. */
    public HttpAnswer handleHttp(String body, Map<String, List<String>> headers, String remoteAddress) throws Exception {
        if (signatureVerifier == null) {
            throw new IllegalStateException("the Slack adapter runs in Socket Mode; HTTP requests are not served");
        }
        // Checked before parsing, so a forged or garbled request is refused without being read.
        if (!signatureVerifier.isValid(header(headers, SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP), body,
                header(headers, SlackSignature.HeaderNames.X_SLACK_SIGNATURE))) {
            return new HttpAnswer(401, "application/json", "{\"error\":\"invalid signature\"}");
        }
        SlackRequestParser.HttpRequest raw = SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events").requestBody(body)
                .headers(new com.slack.api.bolt.request.RequestHeaders(headers))
                .remoteAddress(remoteAddress).queryString(Map.of()).build();
        Request<?> request;
        try {
            request = new SlackRequestParser(app.config()).parse(raw);
        } catch (RuntimeException e) {
            // A signed but garbled body: Bolt's parser cannot read it, and there is nothing to act on.
            log.warn("unreadable Slack request: {}", e.getClass().getSimpleName());
            return new HttpAnswer(400, "application/json", "{\"error\":\"unreadable request\"}");
        }
        Response response = app.run(request);
        return new HttpAnswer(response.getStatusCode(), response.getContentType(), response.getBody() == null ? "" : response.getBody());
    }

    public record HttpAnswer(int status, String contentType, String body) {
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /**
     * Waits until every event and interaction received so far has been handled (the work handed off after each ack);
     * false if {@code timeout} passed first.
     */
    public boolean awaitHandled(Duration timeout) throws InterruptedException {
        return work.awaitIdle(timeout);
    }

    /**
     * The first half of a stop: no more Slack events are taken (Socket Mode connections closed after the envelopes in
     * hand are acknowledged) and the handlers already running finish. Turn announcements still go out, so the engine
     * can finish or hand over its running turns before {@link #close}.
     */
    public void stopReceiving() throws InterruptedException {
        if (sockets != null) {
            sockets.close();
        }
        work.shutdown();
        if (!work.awaitTermination(Duration.ofSeconds(5))) {
            log.warn("{} Slack request(s) were still being handled at the stop", work.shutdownNow().size());
        }
    }

    /** After the engine has stopped: the last announcements (a late score, a turn that finished while closing) are drawn, then the rest stops. */
    @Override
    public void close() throws InterruptedException {
        stopReceiving();
        app.stop();
        // A pool that is shutting down refuses the next task of a turn's chain already under way: let the chains end first.
        announcer.awaitIdle(Duration.ofSeconds(5));
        rendering.shutdown();
        if (!rendering.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("{} Slack message update(s) were not sent before the stop", rendering.shutdownNow().size());
        }
    }
}
