package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PolicyText;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.function.BiFunction;

/**
 * {@code /kontext admin safety} and {@code votes}: one whole number among the tenant's rules, given as the command's
 * option; without it the rule goes back to the bot's (no limit; the bot's votes). How a surface reads the number (a
 * typed option, a word) is the surface's.
 */
final class AdminNumberCommand implements ChatCommand {
    private final ChatServices core;
    private final String option;
    private final BiFunction<TenantPolicy, Integer, TenantPolicy> with;

    private AdminNumberCommand(ChatServices core, String option, BiFunction<TenantPolicy, Integer, TenantPolicy> with) {
        this.core = core;
        this.option = option;
        this.with = with;
    }

    static AdminNumberCommand safety(ChatServices core) {
        return new AdminNumberCommand(core, CommandCatalogue.MAX, TenantPolicy::withMaxSafety);
    }

    static AdminNumberCommand votes(ChatServices core) {
        return new AdminNumberCommand(core, CommandCatalogue.NEEDED, TenantPolicy::withVotesToPick);
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return Administering.refusal(request).orElseGet(() -> {
            Integer value = request.option(option).map(Integer::valueOf).orElse(null);
            core.policies().change(request.platform(), request.tenant(), request.user(), p -> with.apply(p, value));
            return new ChatReply(PolicyText.on(request.surface(), core.commands())
                    .saved(request.words(), core.policies(), request.platform(), request.tenant()));
        });
    }
}
