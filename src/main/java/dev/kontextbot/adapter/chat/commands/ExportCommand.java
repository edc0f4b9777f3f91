package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.SessionZips;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Session;

import java.util.Optional;

/** {@code /kontext export}: the session as a zip the playground imports, when it fits what the surface lets the bot upload. */
final class ExportCommand implements ChatCommand {
    private final ChatServices core;

    ExportCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        Words words = request.words();
        Optional<String> refusal = request.place().refusal(words);
        if (refusal.isPresent()) {
            return new ChatReply(refusal.get());
        }
        Optional<Session> session = SessionAsked.of(core.engine(), request);
        if (session.isEmpty()) {
            return new ChatReply(SessionAsked.none(request, CommandCatalogue.EXPORT));
        }
        return new SessionZips(core.exporter()).zip(words, session.get().id(), request.place().maxUploadBytes(),
                words.say(request.surface().key("export.done"), "user", request.user()));
    }
}
