package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;

/** {@code /kontext help}: the surface's help from the catalogue, with the models this bot serves. */
final class HelpCommand implements ChatCommand {
    private final ChatServices core;

    HelpCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return new ChatReply(new Help(core.commands()).text(request.surface(), request.words(), core.engine().models()));
    }
}
