package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.policy.PolicyChange;
import dev.kontextbot.engine.policy.PolicyEdit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A tenant's audit log ({@code /kontext admin log}) in the reader's language: each change as data, worded here, so a
 * German admin reads in German what an English one changed. Rows from before changes were kept as data show the
 * English they were stored in.
 */
public final class PolicyLogWords {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Ids as old rows kept them (Discord's snowflakes, Slack's channel ids); anything else there was English ("every channel"). */
    private static final Pattern OLD_IDS = Pattern.compile("[A-Z0-9]+(?:, [A-Z0-9]+)*");

    private final UnaryOperator<String> bold;
    private final String tenant;

    /** {@code tenant}: "server" or "workspace" (the bundle's select). */
    public PolicyLogWords(UnaryOperator<String> bold, String tenant) {
        this.bold = bold;
        this.tenant = tenant;
    }

    /** The changes, newest first as given. */
    public String log(Words words, List<PolicyChange> changes) {
        if (changes.isEmpty()) {
            return words.say("audit.none", "tenant", tenant);
        }
        StringBuilder text = new StringBuilder(words.say("audit.heading", "title", bold.apply(words.say("audit.title"))));
        for (PolicyChange change : changes) {
            Line line = line(words, change.edit());
            text.append('\n').append(words.say("audit.line", "when", WHEN.format(change.at()), "actor", change.actor(),
                    "setting", line.setting(), "before", line.before(), "after", line.after()));
        }
        return text.toString();
    }

    private record Line(String setting, String before, String after) {
    }

    private static Line line(Words words, PolicyEdit edit) {
        if (edit instanceof PolicyEdit.Channels c) {
            return both(words, "channels", c.before(), c.after(), ids -> ids.isEmpty() ? words.say("audit.channels.every") : mentions(ids, "<#", ">"));
        } else if (edit instanceof PolicyEdit.Roles r) {
            return both(words, "roles", r.before(), r.after(), ids -> ids.isEmpty() ? words.say("audit.roles.every") : mentions(ids, "<@&", ">"));
        } else if (edit instanceof PolicyEdit.Models m) {
            return both(words, "models", m.before(), m.after(), models -> models.isEmpty() ? words.say("audit.models.every")
                    : models.stream().map(ModelId::id).sorted().collect(Collectors.joining(", ")));
        } else if (edit instanceof PolicyEdit.MaxSafety s) {
            return both(words, "safety", s.before(), s.after(), max -> max == null ? words.say("audit.safety.none") : words.say("audit.safety.upTo", "max", max));
        } else if (edit instanceof PolicyEdit.VotesToPick v) {
            return both(words, "votes", v.before(), v.after(), votes -> votes == null ? words.say("audit.botDefault") : String.valueOf(votes));
        } else if (edit instanceof PolicyEdit.UserDayBudget b) {
            return both(words, "userDayBudget", b.before(), b.after(), micros -> budget(words, micros));
        } else if (edit instanceof PolicyEdit.TenantMonthBudget b) {
            return both(words, "tenantMonthBudget", b.before(), b.after(), micros -> budget(words, micros));
        } else if (edit instanceof PolicyEdit.Defaults d) {
            return both(words, "defaults", d.before(), d.after(), defaults -> defaults(words, defaults));
        } else if (edit instanceof PolicyEdit.Worded w) {
            return new Line(w.setting(), worded(w.setting(), w.before()), worded(w.setting(), w.after()));
        }
        throw new IllegalArgumentException("no words for the policy change " + edit);
    }

    private static <T> Line both(Words words, String setting, T before, T after, Function<T, String> show) {
        return new Line(words.say("audit.setting." + setting), show.apply(before), show.apply(after));
    }

    private static String budget(Words words, Long micros) {
        return micros == null ? words.say("audit.botDefault") : micros == 0 ? words.say("audit.budget.none") : Money.format(micros);
    }

    /** Defaults by the parameters' own names, which no language changes: "model=kontext-max num_images=2". */
    private static String defaults(Words words, ParamOverrides p) {
        List<String> parts = new ArrayList<>();
        if (p.model() != null) parts.add("model=" + p.model().id());
        if (p.numImages() != null) parts.add("num_images=" + p.numImages());
        if (p.aspectRatio() != null) parts.add("aspect_ratio=" + p.aspectRatio().wireName());
        if (p.guidanceScale() != null) parts.add("guidance_scale=" + p.guidanceScale());
        if (p.outputFormat() != null) parts.add("output_format=" + p.outputFormat().wireName());
        if (p.safetyTolerance() != null) parts.add("safety_tolerance=" + p.safetyTolerance());
        if (p.enhancePrompt() != null) parts.add("enhance_prompt=" + p.enhancePrompt());
        if (p.seed() != null) parts.add("seed=" + p.seed());
        return parts.isEmpty() ? words.say("audit.defaults.none") : String.join(" ", parts);
    }

    /** An old row's value: ids as they were stored (comma-separated) drawn as mentions, other values as stored. */
    private static String worded(String setting, String value) {
        if (!OLD_IDS.matcher(value).matches()) {
            return value;
        }
        return switch (setting) {
            case "channels" -> mentions(Arrays.asList(value.split(", ")), "<#", ">");
            case "roles" -> mentions(Arrays.asList(value.split(", ")), "<@&", ">");
            default -> value;
        };
    }

    private static String mentions(Collection<String> ids, String open, String close) {
        return ids.stream().sorted().map(id -> open + id + close).collect(Collectors.joining(", "));
    }
}
