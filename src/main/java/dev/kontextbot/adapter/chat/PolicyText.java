package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.policy.EffectivePolicy;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's admin policy ({@code /kontext admin show}) in the reader's language, in a surface's markup (roles where
 * its admins can allow them); its change log: {@link PolicyLogWords}.
 */
public final class PolicyText {
    private final Surface surface;
    private final String tenant;
    private final boolean roles;

    /** {@code roles}: whether the platform has roles to allow. */
    private PolicyText(Surface surface, boolean roles) {
        this.surface = surface;
        this.tenant = surface.tenant().name().toLowerCase(Locale.ROOT);
        this.roles = roles;
    }

    /** The rules as {@code surface} offers them: with roles where its admins can allow roles. */
    public static PolicyText on(Surface surface, CommandCatalogue catalogue) {
        return new PolicyText(surface, catalogue.root().subcommand(CommandCatalogue.ADMIN).flatMap(admin -> admin.subcommand(CommandCatalogue.ADMIN_ROLES))
                .filter(roles -> roles.offeredOn(surface)).isPresent());
    }

    /**
     * The rules of {@code tenantId} on {@code platform} as they apply now, with the tenant's defaults of new sessions,
     * and the surface's hint where it has one (where to change the rest).
     */
    public String show(Words words, TenantPolicies policies, Platform platform, String tenantId) {
        String rules = show(words, policies.effective(platform, tenantId), policies.tenantDefaults(platform, tenantId));
        String hint = surface.key("policy.showHint");
        return words.has(hint) ? rules + "\n" + words.say(hint) : rules;
    }

    /** The answer to a change: saved, and the rules as they are now. */
    public String saved(Words words, TenantPolicies policies, Platform platform, String tenantId) {
        return words.say("policy.saved") + "\n" + show(words, policies, platform, tenantId);
    }

    private String show(Words words, EffectivePolicy rules, ParamOverrides tenantDefaults) {
        TenantPolicy p = rules.policy();
        List<String> lines = new ArrayList<>();
        lines.add(words.say("policy.heading", "title", surface.bold(words.say("policy.title", "tenant", tenant))));
        lines.add(words.say("policy.channels", "channels", p.allowedChannels().isEmpty() ? words.say("policy.channels.every")
                : mentions(p.allowedChannels(), "<#", ">")));
        if (roles) {
            lines.add(words.say("policy.roles", "roles", p.allowedRoles().isEmpty() ? words.say("policy.roles.every")
                    : words.say("policy.roles.some", "roles", mentions(p.allowedRoles(), "<@&", ">"))));
        }
        lines.add(words.say("policy.models", "models", p.allowedModels().isEmpty() ? words.say("policy.models.every")
                : p.allowedModels().stream().map(ModelId::id).collect(Collectors.joining(", "))));
        lines.add(p.maxSafety() == null ? words.say("policy.safety.none", "min", TurnParams.MIN_SAFETY, "max", TurnParams.MAX_SAFETY)
                : words.say("policy.safety.upTo", "max", p.maxSafety()));
        String votes = rules.votesToPick() == 0 ? words.say("policy.votes.owner") : words.say("policy.votes.first", "votes", rules.votesToPick());
        lines.add(words.say("policy.votes", "rule", botDefault(words, votes, rules.votesConfigured())));
        Budgets b = rules.budgets();
        lines.add(words.say("policy.budgets",
                "person", botDefault(words, words.say("policy.budget.person", "amount", budget(words, b.userPerDayMicros())), rules.userBudgetConfigured()),
                "tenantBudget", botDefault(words, words.say("policy.budget.tenant", "amount", budget(words, b.tenantPerMonthMicros()), "tenant", tenant),
                        rules.tenantBudgetConfigured())));
        lines.add(tenantDefaults.equals(ParamOverrides.NONE) ? words.say("settings.policy.defaults.bot")
                : words.say("settings.policy.defaults", "parameters", ParameterDescription.given(words, tenantDefaults)));
        return String.join("\n", lines);
    }

    /** {@code rule}, marked as the bot's own when the bot's configuration (not the tenant's admins) sets it. */
    private static String botDefault(Words words, String rule, boolean configured) {
        return configured ? words.say("policy.botDefault", "rule", rule) : rule;
    }

    private static String mentions(Set<String> ids, String open, String close) {
        return ids.stream().sorted().map(id -> open + id + close).collect(Collectors.joining(", "));
    }

    private static String budget(Words words, long micros) {
        return micros == 0 ? words.say("policy.budget.none") : Money.format(micros);
    }
}
