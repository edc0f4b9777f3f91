package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.UsageText;

/** {@code /kontext usage}: the tenant's and the person's spend today and this month, and the budgets. */
final class UsageCommand implements ChatCommand {
    private final ChatServices core;

    UsageCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        UsageText text = new UsageText(request.surface()::bold, request.surface().tenant());
        return new ChatReply(text.render(request.words(), core.usage().report(request.platform(), request.tenant(), request.user())));
    }
}
