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

    Optional<Session> sessionHere(String guildId, MessageChannel channel, String user) {
        return place(guildId, channel, user).session();
    }

}
