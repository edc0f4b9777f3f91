package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The audit entries for a change: one per setting whose value differs, in words that read the same in every log. */
final class PolicyDiff {
    private PolicyDiff() {
    }

    static List<PolicyChange> between(TenantPolicy before, TenantPolicy after, String actor, Instant at) {
        List<PolicyChange> changes = new ArrayList<>();
        add(changes, "channels", before, after, p -> ids(p.allowedChannels(), "every channel"), actor, at);
        add(changes, "roles", before, after, p -> ids(p.allowedRoles(), "everyone"), actor, at);
        add(changes, "models", before, after, p -> models(p.allowedModels()), actor, at);
        add(changes, "safety", before, after, p -> p.maxSafety() == null ? "no limit" : "up to " + p.maxSafety(), actor, at);
        add(changes, "votes", before, after, p -> orDefault(p.votesToPick(), String::valueOf), actor, at);
        add(changes, "budget user/day", before, after, p -> orDefault(p.userPerDayMicros(), PolicyDiff::budget), actor, at);
        add(changes, "budget tenant/month", before, after, p -> orDefault(p.tenantPerMonthMicros(), PolicyDiff::budget), actor, at);
        return changes;
    }

    static String models(Set<ModelId> models) {
        return models.isEmpty() ? "all" : models.stream().map(ModelId::id).collect(Collectors.joining(", "));
    }

    static String budget(long micros) {
        return micros == 0 ? "none" : Money.format(micros);
    }

    /** Defaults as the product names them: "model=max num_images=2", or "none". */
    static String defaults(ParamOverrides p) {
        List<String> parts = new ArrayList<>();
        if (p.model() != null) parts.add("model=" + p.model().id());
        if (p.numImages() != null) parts.add("num_images=" + p.numImages());
        if (p.aspectRatio() != null) parts.add("aspect_ratio=" + p.aspectRatio().wireName());
        if (p.guidanceScale() != null) parts.add("guidance_scale=" + p.guidanceScale());
        if (p.outputFormat() != null) parts.add("output_format=" + p.outputFormat().wireName());
        if (p.safetyTolerance() != null) parts.add("safety_tolerance=" + p.safetyTolerance());
        if (p.enhancePrompt() != null) parts.add("enhance_prompt=" + p.enhancePrompt());
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    private static String ids(Set<String> ids, String whenEmpty) {
        return ids.isEmpty() ? whenEmpty : String.join(", ", ids);
    }

    private static <T> String orDefault(T value, Function<T, String> show) {
        return value == null ? "bot default" : show.apply(value);
    }

    private static void add(List<PolicyChange> changes, String setting, TenantPolicy before, TenantPolicy after,
                            Function<TenantPolicy, String> show, String actor, Instant at) {
        String old = show.apply(before);
        String now = show.apply(after);
        if (!Objects.equals(old, now)) {
            changes.add(new PolicyChange(at, actor, setting, old, now));
        }
    }
}
