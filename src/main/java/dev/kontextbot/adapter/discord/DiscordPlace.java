package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.commands.ChatPlace;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.port.AnnouncementRepository;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;

import java.util.Optional;

/** Where a Discord command was used: a session's thread, a DM with sessions, or a channel; links in Discord's markup. */
final class DiscordPlace implements ChatPlace {
    private final ConversationEngine engine;
    private final AnnouncementRepository announcements;
    private final String guildId;
    private final MessageChannel channel;
    private final String user;
    private final long maxUploadBytes;

    /** {@code guildId}: null in direct messages. */
    DiscordPlace(ConversationEngine engine, AnnouncementRepository announcements, String guildId, MessageChannel channel, String user,
                 long maxUploadBytes) {
        this.engine = engine;
        this.announcements = announcements;
        this.guildId = guildId;
        this.channel = channel;
        this.user = user;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The channel whose defaults and sessions a command here is about: a thread's parent, else the channel itself. */
    static String channelOf(MessageChannel channel) {
        return channel instanceof ThreadChannel thread ? thread.getParentChannel().getId() : channel.getId();
    }

    /** The session of a thread; in a DM, the newest one there; elsewhere none. */
    @Override
    public Optional<Session> session() {
        if (channel instanceof ThreadChannel thread) {
            return engine.sessionIn(DiscordPlaces.thread(guildId, thread.getParentChannel().getId(), thread.getId()));
        }
        return guildId == null ? engine.recentSessions(DiscordBot.PLATFORM, DiscordPlaces.dmTenant(user), channel.getId(), 1).stream()
                .findFirst().map(SessionSnapshot::session) : Optional.empty();
    }

    @Override
    public String quoted(String prompt) {
        return TurnMessages.quoted(prompt);
    }

    @Override
    public Optional<String> linkTo(Words words, Session session) {
        return DiscordPlaces.isDirect(session.conversation()) ? Optional.empty() : Optional.of("<#" + session.conversation().thread() + ">");
    }

    @Override
    public Optional<String> linkToTurn(Words words, long turnId) {
        return announcements.ofTurn(turnId).map(a -> words.say("discord.history.jump", "link",
                "https://discord.com/channels/" + (guildId == null ? "@me" : guildId) + "/" + a.channel() + "/" + a.messageId()));
    }

    @Override
    public Optional<String> refusal(Words words) {
        // Discord's own permissions decide who sees a channel; the commands that show a session ask nothing more.
        return Optional.empty();
    }

    @Override
    public long maxUploadBytes() {
        return maxUploadBytes;
    }
}
