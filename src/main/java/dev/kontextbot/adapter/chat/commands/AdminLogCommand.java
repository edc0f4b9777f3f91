package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PolicyLogWords;

import java.util.Locale;

/** {@code /kontext admin log}: the latest changes of the tenant's rules, for those who may change them. */
final class AdminLogCommand implements ChatCommand {
    private final ChatServices core;

    AdminLogCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        Surface surface = request.surface();
        return Administering.refusal(request).orElseGet(() -> new ChatReply(new PolicyLogWords(surface::bold, surface.tenant().name().toLowerCase(Locale.ROOT))
                .log(request.words(), core.policies().log(request.platform(), request.tenant()))));
    }
}
