package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant's admins set. Empty sets allow everything; a null value keeps the bot's configured one (see
 * {@link PolicyDefaults}). Channel and role ids are the platform's own.
 *
 * @param maxSafety         highest safety_tolerance allowed (0 strictest … 6), null: no limit
 * @param votesToPick       0: only a session's owner picks; n: the first variant to n votes becomes the head
 * @param userPerDayMicros  budget per person per day (UTC); 0: none
 * @param tenantPerMonthMicros budget of the whole tenant per month (UTC); 0: none
 */
public record TenantPolicy(Set<String> allowedChannels, Set<String> allowedRoles, Set<ModelId> allowedModels,
                           Integer maxSafety, Integer votesToPick, Long userPerDayMicros, Long tenantPerMonthMicros) {
    public static final TenantPolicy NONE = new TenantPolicy(Set.of(), Set.of(), Set.of(), null, null, null, null);
    public static final int MAX_VOTES = 100;
    /** The ids are stored in one column; this many keeps every list well inside it. */
    public static final int MAX_IDS = 100;
    /** The allowed models are stored comma-separated in 64 characters (V6's tenant_policy.allowed_models). */
    public static final int MAX_MODELS_CHARS = 64;

    public TenantPolicy {
        allowedChannels = ids(allowedChannels, "channel");
        allowedRoles = ids(allowedRoles, "role");
        allowedModels = allowedModels.isEmpty() ? Set.of() : Collections.unmodifiableSet(new java.util.TreeSet<>(allowedModels));
        if (String.join(",", allowedModels.stream().map(ModelId::id).toList()).length() > MAX_MODELS_CHARS) {
            throw invalid("That is too many models to list (" + allowedModels.size() + "); allow fewer, or all.", new Rejected.TooManyModels(allowedModels.size()));
        }
        if (maxSafety != null && (maxSafety < TurnParams.MIN_SAFETY || maxSafety > TurnParams.MAX_SAFETY)) {
            throw invalid("The highest safety_tolerance must be between " + TurnParams.MIN_SAFETY + " (strictest) and "
                    + TurnParams.MAX_SAFETY + ", not " + maxSafety + ".", new Rejected.PolicySafetyOutOfRange(maxSafety, TurnParams.MIN_SAFETY, TurnParams.MAX_SAFETY));
        }
        if (votesToPick != null && (votesToPick < 0 || votesToPick > MAX_VOTES)) {
            throw invalid("Votes to pick must be between 0 (only the session's owner picks) and " + MAX_VOTES + ", not " + votesToPick + ".",
                    new Rejected.VotesOutOfRange(votesToPick, MAX_VOTES));
        }
        budget(userPerDayMicros);
        budget(tenantPerMonthMicros);
    }

    public boolean allowsChannel(String channel) {
        return allowedChannels.isEmpty() || allowedChannels.contains(channel);
    }

    public boolean allowsModel(ModelId model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    public TenantPolicy withChannels(Set<String> channels) {
        return new TenantPolicy(channels, allowedRoles, allowedModels, maxSafety, votesToPick, userPerDayMicros, tenantPerMonthMicros);
    }

    public TenantPolicy withRoles(Set<String> roles) {
        return new TenantPolicy(allowedChannels, roles, allowedModels, maxSafety, votesToPick, userPerDayMicros, tenantPerMonthMicros);
    }

    /** Every model when {@code models} is empty (the catalogue is open: "all" includes models added later). */
    public TenantPolicy withModels(Set<ModelId> models) {
        return new TenantPolicy(allowedChannels, allowedRoles, models, maxSafety, votesToPick, userPerDayMicros, tenantPerMonthMicros);
    }

    public TenantPolicy withMaxSafety(Integer max) {
        return new TenantPolicy(allowedChannels, allowedRoles, allowedModels, max, votesToPick, userPerDayMicros, tenantPerMonthMicros);
    }

    public TenantPolicy withVotesToPick(Integer votes) {
        return new TenantPolicy(allowedChannels, allowedRoles, allowedModels, maxSafety, votes, userPerDayMicros, tenantPerMonthMicros);
    }

    public TenantPolicy withUserPerDay(Long micros) {
        return new TenantPolicy(allowedChannels, allowedRoles, allowedModels, maxSafety, votesToPick, micros, tenantPerMonthMicros);
    }

    public TenantPolicy withTenantPerMonth(Long micros) {
        return new TenantPolicy(allowedChannels, allowedRoles, allowedModels, maxSafety, votesToPick, userPerDayMicros, micros);
    }

    private static Set<String> ids(Set<String> ids, String what) {
        if (ids.size() > MAX_IDS) {
            throw invalid("At most " + MAX_IDS + " " + what + "s can be listed.", new Rejected.TooManyIds(what, MAX_IDS));
        }
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > 64 || id.contains(",")) {
                throw invalid("'" + id + "' is not a " + what + " id.", new Rejected.NotAnId(what, id));
            }
        }
        // Sorted, so the stored column and the audit read the same for the same set.
        return Collections.unmodifiableSet(new TreeSet<>(ids));
    }

    private static void budget(Long micros) {
        if (micros != null && (micros < 0 || micros > Money.MAX_MICROS)) {
            throw invalid("A budget is an amount of dollars from 0 (no budget) to " + Money.format(Money.MAX_MICROS) + ".",
                    new Rejected.BudgetOutOfRange(Money.MAX_MICROS, null));
        }
    }

    private static EngineRejection invalid(String message, Rejected rejected) {
        return new EngineRejection(EngineRejection.Reason.INVALID, message, rejected);
    }
}
