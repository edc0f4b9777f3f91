package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PolicyText;

/** {@code /kontext admin show}: the tenant's rules, for those who may change them (who that is, is the surface's). */
final class AdminShowCommand implements ChatCommand {
    private final ChatServices core;

    AdminShowCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return Administering.refusal(request).orElseGet(() -> new ChatReply(PolicyText.on(request.surface(), core.commands())
                .show(request.words(), core.policies(), request.platform(), request.tenant())));
    }
}
