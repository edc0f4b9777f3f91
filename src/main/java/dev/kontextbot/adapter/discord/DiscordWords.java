package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Conversation;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.Interaction;

import java.util.Optional;
import java.util.function.Function;

/**
 * Which language a Discord reader gets. An answer to one person is in the language of their Discord client (every
 * interaction carries it); a message for everyone in a thread is in the server's language (its "preferred locale",
 * which community servers set and others leave at en-US). Turn messages are posted from engine threads, after
 * restarts too: they take the server's language from the guild cache of this process's shards, which the gateway
 * fills with each guild; a server another instance runs, and direct messages, get English.
 */
final class DiscordWords {
    private final Languages languages;
    private final Function<String, Optional<DiscordLocale>> guildLocale;

    /** {@code guildLocale}: a server's preferred locale by its id, when this process knows the server. */
    DiscordWords(Languages languages, Function<String, Optional<DiscordLocale>> guildLocale) {
        this.languages = languages;
        this.guildLocale = guildLocale;
    }

    /** For the person who used a command, a button or a form. */
    Words person(Interaction interaction) {
        return of(interaction.getUserLocale());
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
            return english();
        }
        return guildLocale.apply(conversation.tenant()).map(this::of).orElseGet(this::english);
    }

    Words english() {
        return languages.in(Languages.FALLBACK);
    }

    private Words of(DiscordLocale locale) {
        return locale == null ? english() : languages.forTag(locale.getLocale());
    }
}
