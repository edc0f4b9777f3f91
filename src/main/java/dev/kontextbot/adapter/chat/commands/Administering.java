package dev.kontextbot.adapter.chat.commands;

import java.util.Optional;

/** The refusal every {@code /kontext admin} handler gives a person who may not change the tenant's rules. */
final class Administering {
    private Administering() {
    }

    /** The surface's refusal in the person's language; empty when they may change the rules. */
    static Optional<ChatReply> refusal(ChatRequest request) {
        return request.mayAdminister() ? Optional.empty()
                : Optional.of(new ChatReply(request.words().say(request.surface().key("policy.notAdmin"))));
    }
}
