package dev.kontextbot.adapter.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.port.PersonLocales;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.Interaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Which language a Discord reader gets. An answer to one person is in the language of their Discord client (every
 * interaction carries it); a message for everyone in a thread is in the server's language (its "preferred locale",
 * which community servers set and others leave at en-US). Turn messages are posted from engine threads, after
 * restarts too: they take the server's language from the guild cache of this process's shards, which the gateway
 * fills with each guild; a server another instance runs gets English. Direct messages have no server: the bot's later
 * messages there (a turn's progress and results, answers to plain replies) are in the language the person's client
 * last reported with an interaction, kept in the database ({@link PersonLocales}, so after a restart and on every
 * instance) and cached here for a few minutes. Writing it is off the interaction's thread, and a database that is
 * away costs the person nothing but English: their command must still be answered within Discord's three seconds.
 */
final class DiscordWords {
    /** People whose language is remembered for their direct messages; the least recently seen are forgotten first. */
    private static final int PEOPLE = 10_000;
    /** How long this instance trusts what it knows of a person's language: another instance may have heard a newer one. */
    static final Duration CACHED = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(DiscordWords.class);

    private final Languages languages;
    private final Function<String, Optional<DiscordLocale>> guildLocale;
    private final PersonLocales stored;
    private final Executor remembering;
    /** Each person's language as last heard or read; {@link DiscordLocale#UNKNOWN}: none is stored. */
    private final Cache<String, DiscordLocale> personLocale = Caffeine.newBuilder().maximumSize(PEOPLE).expireAfterWrite(CACHED).build();

    /**
     * {@code guildLocale}: a server's preferred locale by its id, when this process knows the server; {@code stored}:
     * the language each person last reported; {@code remembering}: where a changed one is written.
     */
    DiscordWords(Languages languages, Function<String, Optional<DiscordLocale>> guildLocale, PersonLocales stored, Executor remembering) {
        this.languages = languages;
        this.guildLocale = guildLocale;
        this.stored = stored;
        this.remembering = remembering;
    }

    /** For the person who used a command, a button or a form; remembers their language for their direct messages. */
    Words person(Interaction interaction) {
        DiscordLocale locale = interaction.getUserLocale();
        String user = interaction.getUser() == null ? null : interaction.getUser().getId();
        if (locale != null && locale != DiscordLocale.UNKNOWN && user != null && personLocale.getIfPresent(user) != locale) {
            personLocale.put(user, locale);
            remember(user, locale);
        }
        return of(locale);
    }

    /** For the person in a direct message with the bot: the language they last used with it, else English. */
    Words direct(String user) {
        return user == null ? english() : of(personLocale.get(user, this::storedLocale));
    }

    private void remember(String user, DiscordLocale locale) {
        try {
            remembering.execute(() -> {
                try {
                    stored.remember(DiscordBot.PLATFORM, user, locale.getLocale());
                } catch (RuntimeException unavailable) {
                    // Forgotten here too, so that their next interaction writes it again.
                    personLocale.invalidate(user);
                    log.warn("Could not store the language of Discord user {} ({}); their next interaction tries again.", user, unavailable.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            log.warn("Shutting down: the language of Discord user {} was not stored.", user);
        }
    }

    /** The person's stored language; null (English, and nothing cached: the next message reads again) when the database is away. */
    private DiscordLocale storedLocale(String user) {
        try {
            return stored.of(DiscordBot.PLATFORM, user).map(DiscordLocale::from).orElse(DiscordLocale.UNKNOWN);
        } catch (RuntimeException unavailable) {
            log.warn("Could not read the language of Discord user {} ({}); answering in English.", user, unavailable.toString());
            return null;
        }
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
