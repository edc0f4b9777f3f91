package dev.kontextbot.engine.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The settings one policy change touched, each an {@link PolicyEdit} of its old and new value. */
final class PolicyDiff {
    private PolicyDiff() {
    }

    static List<PolicyEdit> between(TenantPolicy before, TenantPolicy after) {
        List<PolicyEdit> edits = new ArrayList<>();
        add(edits, before, after, TenantPolicy::allowedChannels, PolicyEdit.Channels::new);
        add(edits, before, after, TenantPolicy::allowedRoles, PolicyEdit.Roles::new);
        add(edits, before, after, TenantPolicy::allowedModels, PolicyEdit.Models::new);
        add(edits, before, after, TenantPolicy::maxSafety, PolicyEdit.MaxSafety::new);
        add(edits, before, after, TenantPolicy::votesToPick, PolicyEdit.VotesToPick::new);
        add(edits, before, after, TenantPolicy::userPerDayMicros, PolicyEdit.UserDayBudget::new);
        add(edits, before, after, TenantPolicy::tenantPerMonthMicros, PolicyEdit.TenantMonthBudget::new);
        return edits;
    }

    private static <T> void add(List<PolicyEdit> edits, TenantPolicy before, TenantPolicy after, Function<TenantPolicy, T> setting,
                                BiFunction<T, T, PolicyEdit> edit) {
        T old = setting.apply(before);
        T now = setting.apply(after);
        if (!Objects.equals(old, now)) {
            edits.add(edit.apply(old, now));
        }
    }
}
