package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;

/**
 * A command that answers the same on every surface (help, usage, …): it reads a neutral request and returns a neutral
 * reply; each surface's bridge acknowledges the way that surface must and renders the reply. Declared next to its
 * catalogue entry ({@link Command#answeredBy}), so adding such a command is the entry, its words and this handler.
 */
@FunctionalInterface
public interface ChatCommand {

    /** May throw: the bridge turns a rejection into its message and anything else into an apology. */
    ChatReply answer(ChatRequest request);

    /** Builds the handler from what every chat adapter is given from the core, once per adapter. */
    @FunctionalInterface
    interface Factory {
        ChatCommand create(ChatServices core);
    }
}
