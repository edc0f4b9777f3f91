package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.ParameterDescription;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.engine.policy.TenantPolicies;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /kontext history | export}: answers for the person who asked. */
final class InfoCommands {
    private static final int HISTORY_LINES = 15;

    private final ConversationEngine engine;
    private final ScopedDefaults defaults;
    private final TenantPolicies policies;
    private final AnnouncementRepository announcements;
    private final SessionPictures pictures;
    private final SessionExports exports;
    private final Languages languages;
    private final RefusalWords refusals;

    InfoCommands(ConversationEngine engine, ScopedDefaults defaults, TenantPolicies policies, AnnouncementRepository announcements,
                 SessionPictures pictures, SessionExports exports, Languages languages) {
        this.languages = languages;
        this.refusals = new RefusalWords(languages, "discord");
        this.engine = engine;
        this.defaults = defaults;
        this.policies = policies;
        this.announcements = announcements;
        this.pictures = pictures;
        this.exports = exports;
    }


    /** An answer with an optional file (a picture, an export). */
    record Answer(String text, byte[] file, String fileName) {
        static Answer text(String text) {
            return new Answer(text, null, null);
        }

        MessageEditData edit() {
            MessageEditBuilder message = new MessageEditBuilder().setContent(text);
            if (file != null) {
                message.setFiles(FileUpload.fromData(file, fileName));
            }
            return message.build();
        }
    }

    /** What only Discord knows about where a command was used ({@code guildId}: null in direct messages). */
    DiscordPlace place(String guildId, MessageChannel channel, String user) {
        return new DiscordPlace(engine, announcements, guildId, channel, user, exports.maxUploadBytes());
    }

    /**
     * In a session's thread (or a DM with sessions): the session's timeline picture (page {@code page}) or its
     * before/after, with its turns listed. Elsewhere: the newest sessions of the channel.
     */
    Answer history(Words words, String guildId, MessageChannel channel, String user, int page, boolean beforeAfter) {
        Optional<Session> session = sessionHere(guildId, channel, user);
        if (session.isPresent()) {
            long id = session.get().id();
            String turns = turns(words, guildId, engine.snapshot(id));
            if (beforeAfter) {
                return new Answer(turns, pictures.beforeAfter(words, id), SessionPictures.fileName(id, "before-after"));
            }
            RenderedPage picture = pictures.timeline(words, id, page);
            String pages = picture.pageCount() > 1 ? "\n" + words.say("discord.history.page", "page", page, "pages", picture.pageCount()) : "";
            return new Answer(turns + pages, picture.png(), SessionPictures.fileName(id, "timeline-" + page));
        }
        return Answer.text(recent(words, guildId, channel, user));
    }

    /** The session of this thread (or DM) as a zip, when it fits the upload limit. */
    Answer export(Words words, String guildId, MessageChannel channel, String user) {
        return sessionHere(guildId, channel, user).map(session -> exports.export(words, session.id()))
                .orElseGet(() -> Answer.text(words.say("discord.export.elsewhere")));
    }

    Optional<Session> sessionHere(String guildId, MessageChannel channel, String user) {
        return place(guildId, channel, user).session();
    }

    private String recent(Words words, String guildId, MessageChannel channel, String user) {
        String tenant = DiscordPlaces.tenantOf(guildId, user);
        List<SessionSnapshot> recent = engine.recentSessions(DiscordBot.PLATFORM, tenant, channel.getId(), 8);
        if (recent.isEmpty()) {
            return words.say("discord.history.none");
        }
        StringBuilder text = new StringBuilder(words.say("discord.history.recent"));
        for (SessionSnapshot s : recent) {
            List<SessionSnapshot.TurnSnapshot> turns = s.turns();
            String first = turns.isEmpty() ? words.say("discord.history.noTurns") : TurnMessages.quoted(turns.get(0).turn().prompt());
            long cost = turns.stream().mapToLong(t -> t.turn().costMicros()).sum();
            text.append("\n• ").append(first).append(" — ").append(words.say("discord.history.turns", "count", turns.size())).append(", ")
                    .append(TurnDescriptions.cost(words, cost));
            if (!DiscordPlaces.isDirect(s.session().conversation())) {
                text.append(" · <#").append(s.session().conversation().thread()).append(">");
            }
        }
        return text.toString();
    }

    private String turns(Words words, String guildId, SessionSnapshot snapshot) {
        List<SessionSnapshot.TurnSnapshot> turns = snapshot.turns();
        StringBuilder text = new StringBuilder(words.say("discord.history.session", "count", turns.size()));
        int from = Math.max(0, turns.size() - HISTORY_LINES);
        if (from > 0) {
            text.append(" ").append(words.say("discord.history.last", "count", HISTORY_LINES));
        }
        for (int i = from; i < turns.size(); i++) {
            SessionSnapshot.TurnSnapshot t = turns.get(i);
            text.append("\n").append(i + 1).append(". ").append(t.turn().status().wireName()).append(" ").append(TurnMessages.quoted(t.turn().prompt()));
            if (!t.variants().isEmpty()) {
                text.append(" — ").append(words.say("discord.history.variants", "count", t.variants().size()));
            }
            if (t.picked() != null) {
                text.append(" · ").append(words.say("discord.history.picked", "number", t.picked() + 1));
            }
            text.append(" · ").append(TurnDescriptions.cost(words, t.turn().costMicros()));
            announcements.ofTurn(t.turn().id()).ifPresent(a -> text.append(" · ").append(words.say("discord.history.jump", "link",
                    "https://discord.com/channels/" + (guildId == null ? "@me" : guildId) + "/" + a.channel() + "/" + a.messageId())));
        }
        return text.length() > 1990 ? text.substring(0, 1989) + "…" : text.toString();
    }
}
