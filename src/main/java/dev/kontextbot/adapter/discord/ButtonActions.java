package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.adapter.picture.RenderedPage;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buttons under a turn and the Remix form. Each press is checked against the server (or DM) that owns the
 * session, and the same person pressing the same button again within a few seconds changes nothing twice.
 * Presses were acknowledged by the listener already; answers go to the presser only.
 */
final class ButtonActions {
    private static final Duration DOUBLE_PRESS = Duration.ofSeconds(3);

    private final ConversationEngine engine;
    private final DiscordTurnAnnouncer announcer;
    private final TurnDescriptions descriptions;
    private final SessionPictures pictures;
    private final SessionExports exports;
    private final Clock clock;
    private final RefusalWords refusals;
    private final Map<String, Instant> recentPresses = new ConcurrentHashMap<>();

    ButtonActions(ConversationEngine engine, DiscordTurnAnnouncer announcer, SessionPictures pictures, SessionExports exports, Clock clock, RefusalWords refusals) {
        this.refusals = refusals;
        this.engine = engine;
        this.pictures = pictures;
        this.exports = exports;
        this.announcer = announcer;
        this.descriptions = new TurnDescriptions(engine);
        this.clock = clock;
    }

    /** One press, as the listener saw it: {@code member} null in DMs; {@code hook} answers the presser privately. */
    record Press(ComponentId id, String interactionId, String guildId, MessageChannel channel, String messageId, String user,
                 Member member, InteractionHook hook, Words person, Words everyone) {
    }

    /** The session a button acts on, when it belongs to where it was pressed. */
    Optional<Session> ownedSession(ComponentId id, String guildId, String user) {
        try {
            Session session = engine.session(id.sessionId());
            boolean ours = DiscordBot.PLATFORM.equals(session.conversation().platform())
                    && session.conversation().tenant().equals(DiscordPlaces.tenantOf(guildId, user));
            return ours ? Optional.of(session) : Optional.empty();
        } catch (EngineRejection e) {
            return Optional.empty();
        }
    }

    void press(Press press) {
        Optional<Session> session = ownedSession(press.id(), press.guildId(), press.user());
        if (session.isEmpty()) {
            privately(press.hook(), press.person().say("discord.press.unknownSession"));
            return;
        }
        if (isDoublePress(press)) {
            return;
        }
        ComponentId id = press.id();
        try {
            switch (id.action()) {
                case "use" -> {
                    engine.pick(id.sessionId(), new VariantRef(id.turnId(), id.variant()), press.user());
                    announcer.redrawSession(id.sessionId());
                }
                case "reroll" -> engine.reroll(id.sessionId(), id.turnId(), press.user(), "discord:i:" + press.interactionId());
                case "undo" -> {
                    engine.undo(id.sessionId(), press.user());
                    press.channel().sendMessage(new MessageCreateBuilder().setAllowedMentions(List.of())
                            .setContent(press.everyone().say("discord.press.undone", "user", press.user(),
                                    "head", descriptions.head(press.everyone(), id.sessionId(), TurnMessages::quotedText))).build()).queue();
                    announcer.redrawSession(id.sessionId());
                }
                case "branch" -> branch(press, session.get());
                case "info" -> press.hook().editOriginal(info(press.person(), id)).queue();
                case "timeline" -> {
                    RenderedPage page = pictures.timeline(press.person(), id.sessionId(), 1);
                    picture(press, page.pageCount() > 1 ? press.person().say("discord.press.timelinePages", "pages", page.pageCount())
                                    : press.person().say("discord.press.timeline"),
                            page.png(), SessionPictures.fileName(id.sessionId(), "timeline"));
                }
                case "compare" -> picture(press, press.person().say("discord.press.compare"), pictures.beforeAfter(press.person(), id.sessionId()),
                        SessionPictures.fileName(id.sessionId(), "before-after"));
                case "export" -> press.hook().editOriginal(exports.export(press.person(), id.sessionId())).queue();
                case "delete" -> whenAllowed(press, "delete", turn -> announcer.showDeleted(turn, press.user()));
                case "cancel" -> whenAllowed(press, "cancel", turn -> engine.cancel(id.sessionId(), id.turnId(), press.user()));
                default -> privately(press.hook(), press.person().say("discord.press.unknownButton"));
            }
        } catch (EngineRejection | InvalidParameterException e) {
            privately(press.hook(), refusals.explain(e, press.person().locale()));
        }
    }

    /** The Remix form was sent: the turn runs again on its parent with what the person changed. */
    String remix(Words words, ComponentId id, String guildId, String user, String prompt, Map<String, String> fields, String interactionId) {
        if (ownedSession(id, guildId, user).isEmpty()) {
            return words.say("discord.remix.unknownSession");
        }
        try {
            ParamOverrides changes = CommandOptions.fromText(fields);
            engine.remix(id.sessionId(), id.turnId(), user, prompt, changes, "discord:i:" + interactionId);
            return words.say("discord.remix.queued");
        } catch (EngineRejection | InvalidParameterException e) {
            return refusals.explain(e, words.locale());
        }
    }

    /** Only the person who asked for the turn, or a server admin, may cancel or delete it ({@code action}). */
    private void whenAllowed(Press press, String action, java.util.function.Consumer<Turn> work) {
        Turn turn = engine.turn(press.id().turnId())
                .orElseThrow(() -> new EngineRejection(EngineRejection.Reason.NOT_FOUND, press.person().say("discord.press.turnGone")));
        if (!turn.requestedBy().equals(press.user()) && !DiscordAccess.isAdmin(press.member())) {
            privately(press.hook(), press.person().say("discord.press.notYours", "owner", turn.requestedBy(), "action", action));
            return;
        }
        work.accept(turn);
    }

    /** A new session from one variant: a new thread beside this one (or, in DMs, a new session in the DM). */
    private void branch(Press press, Session origin) {
        ComponentId id = press.id();
        Turn turn = engine.turn(id.turnId()).orElseThrow();
        Conversation place;
        if (DiscordPlaces.isDirect(origin.conversation())) {
            place = DiscordPlaces.directMessages(press.user(), press.channel().getId(), "discord:i:" + press.interactionId());
            engine.branch(id.sessionId(), new VariantRef(id.turnId(), id.variant()), place, press.user());
            press.channel().sendMessage(press.everyone().say("discord.press.branchedHere", "user", press.user(), "variant", id.variant() + 1,
                    "prompt", TurnMessages.quoted(turn.prompt()))).queue();
            return;
        }
        MessageChannel parent = press.channel() instanceof ThreadChannel thread ? thread.getParentMessageChannel() : press.channel();
        Message root = parent.sendMessage(new MessageCreateBuilder().setAllowedMentions(List.of())
                .setContent(press.everyone().say("discord.press.branchedBeside", "user", press.user(), "variant", id.variant() + 1,
                        "prompt", TurnMessages.quoted(turn.prompt()))).build()).complete();
        ThreadChannel thread = root.createThreadChannel("🌿 " + SessionStarts.threadName(turn.prompt())).complete();
        place = DiscordPlaces.thread(origin.conversation().tenant(), parent.getId(), thread.getId());
        engine.branch(id.sessionId(), new VariantRef(id.turnId(), id.variant()), place, press.user());
        thread.sendMessage(new MessageCreateBuilder().setAllowedMentions(List.of())
                .setContent(press.everyone().say("discord.press.branchStarts", "variant", id.variant() + 1,
                        "prompt", TurnMessages.quoted(turn.prompt()))).build()).queue();
        privately(press.hook(), press.person().say("discord.press.branchedInto", "thread", thread.getId()));
    }

    private String info(Words words, ComponentId id) {
        Turn turn = engine.turn(id.turnId()).orElseThrow();
        return words.say("discord.press.info", "prompt", TurnMessages.quoted(turn.prompt()), "parameters", descriptions.parameters(words, turn),
                "lineage", descriptions.lineage(words, turn));
    }

    /** A picture only the presser sees (the press was deferred as a private reply). */
    private static void picture(Press press, String caption, byte[] png, String name) {
        press.hook().editOriginal(new MessageEditBuilder().setContent(caption).setFiles(FileUpload.fromData(png, name)).build()).queue();
    }

    private static void privately(InteractionHook hook, String text) {
        hook.sendMessage(text).setEphemeral(true).queue();
    }

    private boolean isDoublePress(Press press) {
        Instant now = clock.instant();
        recentPresses.values().removeIf(at -> Duration.between(at, now).compareTo(DOUBLE_PRESS) > 0);
        return recentPresses.putIfAbsent(press.user() + "|" + press.messageId() + "|" + press.id().encode(), now) != null;
    }
}
