package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.chat.commands.ChatCommand;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.chat.commands.ChatRequest;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Handlers;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;

import java.util.Set;

/**
 * {@code /kontext admin …} for members who may manage the server: each sub-command is the catalogue's neutral handler
 * (adapter/chat/commands/Admin*Command), given Discord's typed options; what is Discord's own is that a server's rules
 * are changed in the server, not in direct messages.
 */
final class PolicyCommands {
    private final RefusalWords refusals;
    private final Handlers<ChatCommand> admin;

    PolicyCommands(ChatServices core) {
        this.refusals = new RefusalWords(core.languages(), "discord");
        this.admin = Handlers.<ChatCommand>of(Surface.DISCORD, core.commands().root().subcommand(CommandCatalogue.ADMIN).orElseThrow())
                .answering(core, command -> command)
                .build();
    }

    /** {@code guildId}: null in direct messages, where no server's rules are. */
    String admin(ChatRequest request, String guildId, String subcommand) {
        Words words = request.words();
        if (guildId == null) {
            return words.say("discord.admin.notInServer");
        }
        try {
            return admin.get(subcommand).map(handler -> text(handler.answer(request)))
                    .orElseGet(() -> words.say("discord.admin.unknown", "subcommand", subcommand));
        } catch (EngineRejection | InvalidParameterException e) {
            return refusals.explain(e, words);
        }
    }

    /** The admin commands answer no file. */
    private static String text(ChatReply reply) {
        if (reply.file().isPresent()) {
            throw new IllegalStateException("an admin command answered a file");
        }
        return reply.text();
    }

    /** The command names this answers, as registered. */
    Set<String> handled() {
        return admin.names();
    }
}
