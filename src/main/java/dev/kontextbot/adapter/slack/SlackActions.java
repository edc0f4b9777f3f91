package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.commands.ChatFile;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.adapter.chat.commands.TimelineCommand;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.VoteResult;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.engine.transfer.SessionArchive;
import dev.kontextbot.engine.transfer.SessionExporter;
import dev.kontextbot.engine.port.AnnouncementRepository;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buttons and reactions on a turn's message. Every press is checked against the workspace that owns the
 * session; a second press of the same button within a few seconds is ignored.
 */
final class SlackActions {
    private static final Duration DOUBLE_PRESS = Duration.ofSeconds(3);

    private final ConversationEngine engine;
    private final AnnouncementRepository announcements;
    private final SlackTurnAnnouncer announcer;
    private final SlackReplies replies;
    private final SlackModals modals;
    private final SlackAdmins admins;
    private final Clock clock;
    private final TurnDescriptions descriptions;
    private final SessionPictures pictures;
    private final SessionExporter exporter;
    private final RefusalWords refusals;
    private final Map<String, Instant> recentPresses = new ConcurrentHashMap<>();
    private final SlackLocales locales;

    SlackActions(ConversationEngine engine, AnnouncementRepository announcements, SlackTurnAnnouncer announcer,
                 SlackReplies replies, SlackModals modals, SlackAdmins admins, SessionPictures pictures, SessionExporter exporter, Clock clock,
                 RefusalWords refusals, SlackLocales locales) {
        this.refusals = refusals;
        this.locales = locales;
        this.engine = engine;
        this.announcements = announcements;
        this.announcer = announcer;
        this.replies = replies;
        this.modals = modals;
        this.admins = admins;
        this.clock = clock;
        this.descriptions = new TurnDescriptions(engine);
        this.pictures = pictures;
        this.exporter = exporter;
    }

    /** {@code thread}: the thread of the message the button is on (null outside threads); private answers go there. */
    record Press(String team, String channel, String thread, String user, String actionId, String value, String triggerId) {
    }

    void press(Press press) {
        Optional<ActionValue> value = ActionValue.decode(press.value());
        Optional<Session> session = value.flatMap(v -> ownedSession(press.team(), v.sessionId()));
        // Slack has no workspace language: what the press causes in the thread is in the presser's, as their private answers are.
        Words words = locales.of(press.user());
        if (session.isEmpty()) {
            replies.toPerson(press.channel(), press.thread(), press.user(), words.say("slack.press.unknownSession"));
            return;
        }
        if (isDoublePress(press)) {
            return;
        }
        ActionValue v = value.get();
        String sessionThread = session.get().conversation().thread();
        String thread = press.thread() != null ? press.thread() : sessionThread;
        String action = press.actionId().substring(SlackBlocks.ACTION_PREFIX.length());
        try {
            if (action.startsWith("use:")) {
                engine.pick(v.sessionId(), new VariantRef(v.turnId(), v.variant()), press.user());
                redrawAll(v.sessionId());
            } else {
                switch (action) {
                    case "reroll" -> engine.reroll(v.sessionId(), v.turnId(), press.user(), null);
                    case "remix" -> {
                        Turn turn = engine.turn(v.turnId()).orElseThrow();
                        modals.open(words, press.triggerId(), SlackModals.REMIX, words.say("slack.form.remix"), v.encode(), turn.prompt(), turn.params().numImages());
                    }
                    case "undo" -> {
                        engine.undo(v.sessionId(), press.user());
                        replies.toThread(press.channel(), sessionThread, words.say("slack.press.undone", "user", press.user(),
                                "head", descriptions.head(words, v.sessionId(), SlackText::escape)));
                        redrawAll(v.sessionId());
                    }
                    case "cancel" -> cancel(words, press, v, thread);
                    case "info" -> replies.toPerson(press.channel(), thread, press.user(), info(words, v));
                    case "export" -> postExport(words, v.sessionId(), press.user());
                    case "timeline" -> postTimeline(words, v.sessionId(), press.user());
                    case "branch" -> branch(words, press, v);
                    default -> replies.toPerson(press.channel(), thread, press.user(), words.say("slack.press.unknownButton"));
                }
            }
        } catch (EngineRejection e) {
            replies.toPerson(press.channel(), thread, press.user(), refusals.explain(e, locales.of(press.user()).locale()));
        }
    }

    /** The Remix modal was submitted: the turn runs again on its parent with what the person changed. */
    void remix(String team, String user, String metadata, String prompt, ParamOverrides changes, String requestKey) {
        Optional<ActionValue> value = ActionValue.decode(metadata);
        Optional<Session> session = value.flatMap(v -> ownedSession(team, v.sessionId()));
        if (session.isEmpty()) {
            return;
        }
        try {
            engine.remix(value.get().sessionId(), value.get().turnId(), user, prompt, changes, requestKey);
        } catch (EngineRejection | InvalidParameterException e) {
            replies.toPerson(session.get().conversation().channel(), session.get().conversation().thread(), user, refusals.explain(e, locales.of(user).locale()));
        }
    }

    /** Where the session a button's or form's value names lives, when it is this workspace's. */
    Optional<Conversation> placeOf(String team, String value) {
        return ActionValue.decode(value).flatMap(v -> ownedSession(team, v.sessionId())).map(Session::conversation);
    }

    /** A reaction on a turn's message: :one:…:four: vote for that variant; :+1: for the only one. */
    void react(String team, String channel, String messageTs, String reaction, String user, boolean added) {
        Optional<AnnouncementRepository.Announcement> announcement = announcements.byMessage(SlackBot.PLATFORM, channel, messageTs);
        if (announcement.isEmpty()) {
            return;
        }
        Turn turn = engine.turn(announcement.get().turnId()).orElseThrow();
        if (ownedSession(team, turn.sessionId()).isEmpty()) {
            return;
        }
        String name = reaction.split("::")[0];
        int index = SlackBlocks.NUMBER_EMOJI.indexOf(name);
        if (index < 0 && (name.equals("+1") || name.equals("thumbsup")) && turn.params().numImages() == 1) {
            index = 0;
        }
        // Only finished turns have variants to vote for; a reaction on a running or failed turn is just a reaction.
        if (index < 0 || index >= turn.params().numImages() || turn.status() != TurnStatus.DONE) {
            return;
        }
        VoteResult result = engine.vote(turn.sessionId(), new VariantRef(turn.id(), index), user, added);
        if (result.picked()) {
            redrawAll(turn.sessionId());
        } else {
            announcer.redrawLater(turn.id());
        }
    }

    private void cancel(Words words, Press press, ActionValue v, String thread) {
        Turn turn = engine.turn(v.turnId()).orElseThrow();
        if (!turn.requestedBy().equals(press.user()) && !admins.isAdmin(press.user())) {
            replies.toPerson(press.channel(), thread, press.user(), words.say("slack.press.notYours", "owner", turn.requestedBy()));
            return;
        }
        // The engine words the end as "Cancelled by <actor>."; in Slack's mention syntax the message shows the person's name.
        engine.cancel(v.sessionId(), v.turnId(), "<@" + press.user() + ">");
    }

    private void branch(Words words, Press press, ActionValue v) {
        String root = replies.toThread(press.channel(), null, words.say("slack.press.branched", "user", press.user(), "variant", v.variant() + 1,
                "prompt", SlackText.escaped(engine.turn(v.turnId()).orElseThrow().prompt(), SlackText.SECTION)));
        if (root != null) {
            engine.branch(v.sessionId(), new VariantRef(v.turnId(), v.variant()), SlackSessions.conversation(press.team(), press.channel(), root), press.user());
        }
    }

    /** Posts the session's zip (every image at full quality, and its manifest) into its thread. */
    void postExport(Words words, long sessionId, String user) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        SessionArchive archive;
        try {
            archive = exporter.export(sessionId, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting session " + sessionId + " failed", e);
        }
        announcer.showFile(sessionId, zip.toByteArray(), archive.fileName(), words.say(Surface.SLACK.key("export.done"), "user", user));
    }

    /** Posts a command's file into the thread of the session it shows, with {@code comment}. */
    void postFile(ChatFile file, String comment) {
        announcer.showFile(file.sessionId(), file.bytes(), file.name(), comment);
    }

    /** Posts the session's timeline picture (its first page) into its thread. */
    void postTimeline(Words words, long sessionId, String user) {
        RenderedPage page = pictures.timeline(words, sessionId, 1);
        announcer.showFile(sessionId, page.png(), SessionPictures.fileName(sessionId, "timeline"),
                TimelineCommand.caption(words, user, page.pageCount()));
    }

    private String info(Words words, ActionValue v) {
        Turn turn = engine.turn(v.turnId()).orElseThrow();
        return words.say("slack.press.info", "prompt", SlackText.escaped(turn.prompt(), SlackText.SECTION),
                "parameters", descriptions.parameters(words, turn), "lineage", descriptions.lineage(words, turn));
    }

    private void redrawAll(long sessionId) {
        engine.snapshot(sessionId).turns().stream().filter(t -> !t.variants().isEmpty())
                .forEach(t -> announcer.redrawLater(t.turn().id()));
    }

    private Optional<Session> ownedSession(String team, long sessionId) {
        try {
            Session session = engine.session(sessionId);
            return SlackBot.PLATFORM.equals(session.conversation().platform()) && session.conversation().tenant().equals(team)
                    ? Optional.of(session) : Optional.empty();
        } catch (EngineRejection e) {
            return Optional.empty();
        }
    }

    private boolean isDoublePress(Press press) {
        Instant now = clock.instant();
        recentPresses.values().removeIf(at -> Duration.between(at, now).compareTo(DOUBLE_PRESS) > 0);
        return recentPresses.putIfAbsent(press.user() + "|" + press.actionId() + "|" + press.value(), now) != null;
    }
}
