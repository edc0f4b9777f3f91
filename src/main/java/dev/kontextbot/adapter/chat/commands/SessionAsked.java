package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;

import java.util.Optional;

/** The session a command about one session is about: the place's; where commands carry no thread, the channel's newest. */
final class SessionAsked {
    private SessionAsked() {
    }

    static Optional<Session> of(ConversationEngine engine, ChatRequest request) {
        Optional<Session> here = request.place().session();
        if (here.isPresent() || request.surface().commandsInThreads()) {
            return here;
        }
        return engine.recentSessions(request.platform(), request.tenant(), request.conversation(), 1).stream().findFirst()
                .map(SessionSnapshot::session);
    }

    /** What the person is told when there is no such session: where to use the command, or that the channel has none. */
    static String none(ChatRequest request, String command) {
        return request.surface().commandsInThreads() ? request.words().say("command.inThread", "command", command)
                : request.words().say(request.surface().key("history.none"));
    }
}
