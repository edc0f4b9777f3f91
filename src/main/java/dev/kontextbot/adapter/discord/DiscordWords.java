package dev.kontextbot.adapter.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Conversation;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.Interaction;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which language a Discord reader gets. An answer to one person is in the language of their Discord client (every
 * interaction carries it); a message for everyone in a thread is in the server's language (its "preferred locale",
 * which community servers set and others leave at en-US). Turn messages are posted from engine threads, after
 * restarts too: they take the server's language from the guild cache of this process's shards, which the gateway
 * fills with each guild; a server another instance runs gets English. Direct messages have no server: the bot's later
 * messages there (a turn's progress and results, answers to plain replies) are in the language the person's client
 * last reported with an interaction, remembered here per person (in memory: after a restart, English until their
 * next command or button).
 */
final class DiscordWords {
    /** People whose language is remembered for their direct messages; the least recently seen are forgotten first. */
    private static final int PEOPLE = 10_000;
    private static final Duration REMEMBERED = Duration.ofDays(30);

    private final Languages languages;
    private final Function<String, Optional<DiscordLocale>> guildLocale;
    private final Cache<String, DiscordLocale> personLocale = Caffeine.newBuilder().maximumSize(PEOPLE).expireAfterAccess(REMEMBERED).build();

    /** {@code guildLocale}: a server's preferred locale by its id, when this process knows the server. */
    DiscordWords(Languages languages, Function<String, Optional<DiscordLocale>> guildLocale) {
        this.languages = languages;
        this.guildLocale = guildLocale;
    }

    /** For the person who used a command, a button or a form; remembers their language for their direct messages. */
    Words person(Interaction interaction) {
        DiscordLocale locale = interaction.getUserLocale();
        String user = interaction.getUser() == null ? null : interaction.getUser().getId();
        if (locale != null && locale != DiscordLocale.UNKNOWN && user != null) {
            personLocale.put(user, locale);
        }
        return of(locale);
    }

    /** For the person in a direct message with the bot: the language they last used with it, else English. */
    Words direct(String user) {
        DiscordLocale remembered = user == null ? null : personLocale.getIfPresent(user);
        return of(remembered);
    }

    /** For everyone who reads a reply to a plain message: the server's language, or in a DM the author's. */
    Words readersOf(Message message) {
        return message.isFromGuild() ? server(message.getGuild()) : direct(message.getAuthor() == null ? null : message.getAuthor().getId());
    }

    /** For everyone where an interaction happened: its server's language, or the person's in a DM. */
    Words everyone(Interaction interaction) {
        return interaction.isFromGuild() ? of(interaction.getGuildLocale()) : person(interaction);
    }

    /** For everyone in a server (a plain message in a thread has no locale of its own); English for none. */
    Words server(Guild guild) {
        return guild == null ? english() : of(guild.getLocale());
    }

    /** For everyone where a session lives, known by its id only. */
    Words everyone(Conversation conversation) {
        if (DiscordPlaces.isDirect(conversation)) {
            return direct(DiscordPlaces.dmUser(conversation));
        }
        return guildLocale.apply(conversation.tenant()).map(this::of).orElseGet(this::english);
    }

    Words english() {
        return languages.in(Languages.FALLBACK);
    }

    private Words of(DiscordLocale locale) {
        return locale == null || locale == DiscordLocale.UNKNOWN ? english() : languages.forTag(locale.getLocale());
    }
}
