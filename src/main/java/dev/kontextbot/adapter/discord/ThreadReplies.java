package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A plain message in a session's thread (or in a DM with a session) is the next instruction on the head image; images
 * attached to it are that turn's references (image 2, image 3…). An image sent without an instruction becomes the head.
 * Messages starting with the ignore prefix are people talking among themselves.
 */
final class ThreadReplies {
    private static final Pattern USER_MENTION = Pattern.compile("<@!?\\d+>");

    private final ConversationEngine engine;
    private final ImageSources images;
    private final DiscordAccess access;
    private final String ignorePrefix;
    private final RefusalWords refusals;
    private final DiscordWords words;

    ThreadReplies(ConversationEngine engine, ImageSources images, DiscordAccess access, String ignorePrefix, RefusalWords refusals,
                  DiscordWords words) {
        this.refusals = refusals;
        this.words = words;
        this.engine = engine;
        this.images = images;
        this.access = access;
        this.ignorePrefix = ignorePrefix;
    }

    /** What the listener hands over: the message and who sent it ({@code member} null in DMs). */
    record Incoming(Message message, MessageChannel channel, String author, Member member) {
    }

    void handle(Incoming in) {
        String text = USER_MENTION.matcher(in.message().getContentRaw()).replaceAll("").strip();
        if (!ignorePrefix.isEmpty() && text.startsWith(ignorePrefix)) {
            return;
        }
        Optional<Session> session = sessionOf(in.channel(), in.author());
        String requestKey = "discord:m:" + in.message().getId();
        if (session.isEmpty() || engine.turnForRequest(requestKey).isPresent()) {
            return;
        }
        // A plain message carries no locale: the answer, which everyone in the thread sees, is in the server's language (in a DM, the person's).
        Words everyone = words.readersOf(in.message());
        Optional<String> refusal = access.refusal(everyone, in.member(), in.channel());
        if (refusal.isPresent()) {
            answer(in, refusal.get());
            return;
        }
        try {
            ImageSources.Images attached = images.allImages(everyone, in.message().getAttachments());
            if (!attached.ok()) {
                answer(in, attached.problem());
                return;
            }
            if (!text.isEmpty()) {
                engine.refine(session.get().id(), in.author(), text, ParamOverrides.NONE, attached.bytes(), requestKey);
            } else if (!attached.bytes().isEmpty()) {
                engine.replaceHead(session.get().id(), attached.bytes().get(0), in.author());
                answer(in, dev.kontextbot.adapter.chat.TurnDescriptions.headReplaced(everyone, attached.bytes().size()));
            }
        } catch (EngineRejection | InvalidParameterException | UnusableImageException e) {
            answer(in, refusals.explain(e, everyone.locale()));
        }
    }

    /** The session of a thread; in a DM, the newest session there. */
    private Optional<Session> sessionOf(MessageChannel channel, String author) {
        if (channel instanceof ThreadChannel thread) {
            return engine.sessionIn(DiscordPlaces.thread(thread.getGuild().getId(), thread.getParentChannel().getId(), thread.getId()));
        }
        if (channel instanceof PrivateChannel) {
            List<SessionSnapshot> newest = engine.recentSessions(DiscordBot.PLATFORM, DiscordPlaces.dmTenant(author), channel.getId(), 1);
            return newest.stream().findFirst().map(SessionSnapshot::session);
        }
        return Optional.empty();
    }

    /** Plain messages have no private answers in Discord: a reply to the message, without pinging. */
    private static void answer(Incoming in, String text) {
        in.message().reply(text).mentionRepliedUser(false).queue();
    }
}
