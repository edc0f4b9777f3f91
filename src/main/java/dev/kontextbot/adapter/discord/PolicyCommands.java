package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PolicyText;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.chat.commands.ChatCommand;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.chat.commands.ChatRequest;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Handlers;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.TenantPolicy;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.kontextbot.adapter.discord.AdminOptions.*;

/** {@code /kontext admin …} for members who may manage the server. */
final class PolicyCommands {

    private final TenantPolicies policies;
    private final RefusalWords refusals;
    private final PolicyText policyText;


    private final Handlers<Admin> admin;

    PolicyCommands(ChatServices core) {
        this.policyText = PolicyText.on(Surface.DISCORD, core.commands());
        this.policies = core.policies();
        this.refusals = new RefusalWords(core.languages(), "discord");
        this.admin = adminCommands(core);
    }

    /** What answers one {@code /kontext admin} sub-command in a server, once the person is known to manage it. */
    private interface Admin {
        String answer(ChatRequest request, Function<String, OptionMapping> option);
    }

    /** What each surface-specific handler below reads of the request. */
    private interface Edit {
        String answer(Words words, String guildId, String user, Function<String, OptionMapping> option);
    }

    private static Admin edit(Edit edit) {
        return (request, option) -> edit.answer(request.words(), request.tenant(), request.user(), option);
    }

    /** A neutral sub-command's text; the admin commands answer no file. */
    private static Admin neutral(ChatCommand command) {
        return (request, option) -> {
            ChatReply reply = command.answer(request);
            if (reply.file().isPresent()) {
                throw new IllegalStateException("an admin command answered a file");
            }
            return reply.text();
        };
    }

    /** Every {@code /kontext admin} sub-command Discord offers; {@link Handlers} fails on one the catalogue and this disagree on. */
    private Handlers<Admin> adminCommands(ChatServices core) {
        return Handlers.<Admin>of(Surface.DISCORD, core.commands().root().subcommand(CommandCatalogue.ADMIN).orElseThrow())
                .answering(core, PolicyCommands::neutral)
                .on(CHANNELS, edit((words, guildId, user, option) -> ids(words, guildId, user, option, "channel", TenantPolicy::allowedChannels, TenantPolicy::withChannels)))
                .on(ROLES, edit((words, guildId, user, option) -> ids(words, guildId, user, option, "role", TenantPolicy::allowedRoles, TenantPolicy::withRoles)))
                .build();
    }

    /**
     * {@code guildId}: null in direct messages, where no server's rules are; {@code option}: the command's option of
     * that name, or null when not given.
     */
    String admin(ChatRequest request, String guildId, String subcommand, Function<String, OptionMapping> option) {
        Words words = request.words();
        if (guildId == null) {
            return words.say("discord.admin.notInServer");
        }
        if (!request.mayAdminister()) {
            return words.say(Surface.DISCORD.key("policy.notAdmin"));
        }
        try {
            return admin.get(subcommand).map(handler -> handler.answer(request, option))
                    .orElseGet(() -> words.say("discord.admin.unknown", "subcommand", subcommand));
        } catch (EngineRejection | InvalidParameterException e) {
            return refusals.explain(e, words);
        }
    }

    private String saved(Words words, String guildId, String user, UnaryOperator<TenantPolicy> edit) {
        policies.change(DiscordBot.PLATFORM, guildId, user, edit);
        return policyText.saved(words, policies, DiscordBot.PLATFORM, guildId);
    }

    /** Adds to, removes from or clears a list of ids (channels, roles); an empty list allows every one. */
    private String ids(Words words, String guildId, String user, Function<String, OptionMapping> option, String what,
                       Function<TenantPolicy, Set<String>> current, BiFunction<TenantPolicy, Set<String>, TenantPolicy> with) {
        OptionMapping add = option.apply(ADD);
        OptionMapping remove = option.apply(REMOVE);
        OptionMapping clear = option.apply(CLEAR);
        if (add == null && remove == null && (clear == null || !clear.getAsBoolean())) {
            return words.say("discord.admin.idsHow", "what", what);
        }
        return saved(words, guildId, user, p -> {
            Set<String> ids = new TreeSet<>(clear != null && clear.getAsBoolean() ? Set.of() : current.apply(p));
            if (remove != null) {
                ids.remove(remove.getAsString());
            }
            if (add != null) {
                ids.add(add.getAsString());
            }
            return with.apply(p, ids);
        });
    }

    /** The command names this answers, as registered. */
    java.util.Set<String> handled() {
        return admin.names();
    }
}
