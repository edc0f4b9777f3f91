package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PolicyText;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code /kontext admin channels} and {@code roles}: adds to, removes from or clears ({@code clear}, then
 * {@code remove}, then {@code add}) the ids the tenant allows; an empty list allows every one. {@code add} and
 * {@code remove} are ids separated by spaces (Discord gives one, Slack's words may give several).
 */
final class AdminIdsCommand implements ChatCommand {
    private final ChatServices core;
    /** The bundle's select: "channel" or "role". */
    private final String what;
    private final Function<TenantPolicy, Set<String>> current;
    private final BiFunction<TenantPolicy, Set<String>, TenantPolicy> with;

    private AdminIdsCommand(ChatServices core, String what, Function<TenantPolicy, Set<String>> current,
                            BiFunction<TenantPolicy, Set<String>, TenantPolicy> with) {
        this.core = core;
        this.what = what;
        this.current = current;
        this.with = with;
    }

    static AdminIdsCommand channels(ChatServices core) {
        return new AdminIdsCommand(core, "channel", TenantPolicy::allowedChannels, TenantPolicy::withChannels);
    }

    static AdminIdsCommand roles(ChatServices core) {
        return new AdminIdsCommand(core, "role", TenantPolicy::allowedRoles, TenantPolicy::withRoles);
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return Administering.refusal(request).orElseGet(() -> {
            Set<String> add = ids(request.option(CommandCatalogue.ADD));
            Set<String> remove = ids(request.option(CommandCatalogue.REMOVE));
            boolean clear = request.option(CommandCatalogue.CLEAR).map(Boolean::parseBoolean).orElse(false);
            if (add.isEmpty() && remove.isEmpty() && !clear) {
                return new ChatReply(request.words().say(request.surface().key("policy.idsHow"), "what", what));
            }
            core.policies().change(request.platform(), request.tenant(), request.user(), p -> {
                Set<String> ids = new TreeSet<>(clear ? Set.of() : current.apply(p));
                ids.removeAll(remove);
                ids.addAll(add);
                return with.apply(p, ids);
            });
            return new ChatReply(PolicyText.on(request.surface(), core.commands()).saved(request.words(), core.policies(), request.platform(), request.tenant()));
        });
    }

    private static Set<String> ids(Optional<String> given) {
        return given.map(text -> Arrays.stream(text.strip().split("\\s+")).filter(id -> !id.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))).orElseGet(TreeSet::new);
    }
}
