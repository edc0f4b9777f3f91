package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;

import java.util.Optional;
import java.util.function.Function;

/** The session a command about one session is about: the place's; where commands carry no thread, the channel's newest. */
final class SessionAsked {
    private SessionAsked() {
    }

    /**
     * The answer of {@code command} about one session: the place's refusal when the tenant's rules refuse it here, what
     * to do when there is no session, else {@code about} the session asked.
     */
    static ChatReply answer(ConversationEngine engine, ChatRequest request, String command, Function<Session, ChatReply> about) {
        Optional<String> refusal = request.place().refusal(request.words());
        if (refusal.isPresent()) {
            return new ChatReply(refusal.get());
        }
        return of(engine, request).map(about).orElseGet(() -> new ChatReply(none(request, command)));
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
