package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.SessionZips;
import dev.kontextbot.adapter.words.Words;

/** {@code /kontext export}: the session as a zip the playground imports, when it fits what the surface lets the bot upload. */
final class ExportCommand implements ChatCommand {
    private final ChatServices core;

    ExportCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        Words words = request.words();
        return SessionAsked.answer(core.engine(), request, CommandCatalogue.EXPORT, session -> new SessionZips(core.exporter())
                .zip(words, session.id(), request.place().maxUploadBytes(), words.say(request.surface().key("export.done"), "user", request.user())));
    }
}
