package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.policy.EffectivePolicy;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** A tenant's admin policy in words for Discord and Slack (bold differs; roles are Discord's); its change log: {@link PolicyLogWords}. */
public final class PolicyText {
    private final UnaryOperator<String> bold;
    private final String tenant;
    private final boolean roles;
    private final Words words;

    /** {@code tenant}: "server" or "workspace"; {@code roles}: whether the platform has roles to allow. */
    public PolicyText(UnaryOperator<String> bold, String tenant, boolean roles, Words words) {
        this.words = words;
        this.bold = bold;
        this.tenant = tenant;
        this.roles = roles;
    }

    public String show(EffectivePolicy rules, ParamOverrides tenantDefaults) {
        TenantPolicy p = rules.policy();
        List<String> lines = new ArrayList<>();
        lines.add(bold.apply("kontext rules for this " + tenant) + " (admins change them with /kontext admin …)");
        lines.add("• channels: " + (p.allowedChannels().isEmpty() ? "every channel" : mentions(p.allowedChannels(), "<#", ">")));
        if (roles) {
            lines.add("• roles: " + (p.allowedRoles().isEmpty() ? "everyone" : mentions(p.allowedRoles(), "<@&", ">") + " (and admins)"));
        }
        lines.add("• models: " + (p.allowedModels().isEmpty() ? "all" : p.allowedModels().stream().map(ModelId::id).collect(Collectors.joining(", "))));
        lines.add("• safety: " + (p.maxSafety() == null ? "no limit (" + TurnParams.MIN_SAFETY + "–" + TurnParams.MAX_SAFETY + ")" : "safety_tolerance up to " + p.maxSafety()));
        lines.add("• votes: " + (rules.votesToPick() == 0 ? "only the session's owner picks the head"
                : "the first variant to " + rules.votesToPick() + " vote(s) becomes the head") + (rules.votesConfigured() ? " (bot default)" : ""));
        Budgets b = rules.budgets();
        lines.add("• budgets: " + budget(b.userPerDayMicros()) + " per person per day" + (rules.userBudgetConfigured() ? " (bot default)" : "")
                + " · " + budget(b.tenantPerMonthMicros()) + " per month for the " + tenant + (rules.tenantBudgetConfigured() ? " (bot default)" : ""));
        lines.add(tenantDefaults.equals(ParamOverrides.NONE) ? words.say("settings.policy.defaults.bot")
                : words.say("settings.policy.defaults", "parameters", ParameterDescription.given(words, tenantDefaults)));
        return String.join("\n", lines);
    }

    private static String mentions(Set<String> ids, String open, String close) {
        return ids.stream().sorted().map(id -> open + id + close).collect(Collectors.joining(", "));
    }

    private static String budget(long micros) {
        return micros == 0 ? "none" : Money.format(micros);
    }
}
