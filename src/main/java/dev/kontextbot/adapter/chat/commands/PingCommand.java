package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;

/** {@code /kontext ping}: says the bot is there. */
final class PingCommand implements ChatCommand {
    PingCommand(ChatServices core) {
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return new ChatReply(request.words().say("ping.pong"));
    }
}
