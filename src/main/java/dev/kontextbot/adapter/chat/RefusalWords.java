package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.Refusal;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.catalogue.Money;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Puts the engine's typed refusals in a person's words (a provider's through {@link ProviderRefusalWords}), with the surface's own word for a tenant and its own way to
 * raise a limit ({@code refusal.<surface>.tenant}, {@code refusal.<surface>.askAdmin} in {@code words/refusals}).
 * A value, image, command or archive the engine will not take ({@link dev.kontextbot.engine.model.Rejected}) is said by
 * {@link RejectionWords}; a failure with no typed reason is still in words in its message (English).
 */
public final class RefusalWords {
    private final Languages languages;
    private final String surface;
    private final ProviderRefusalWords providerRefusals = new ProviderRefusalWords();
    private final RejectionWords rejections = new RejectionWords();

    /** {@code surface}: the key segment naming the adapter's words ("discord", "slack", "playground"). */
    public RefusalWords(Languages languages, String surface) {
        this.languages = languages;
        this.surface = surface;
    }

    /** What to tell the person whose command failed with {@code failure}. */
    public String explain(RuntimeException failure, Locale locale) {
        return explain(failure, languages.in(locale));
    }

    /** What to tell the person whose command failed with {@code failure}, in {@code words}. */
    public String explain(RuntimeException failure, Words words) {
        if (failure instanceof EngineRejection rejection && rejection.refusal().isPresent()) {
            return say(rejection.refusal().get(), words);
        }
        if (failure instanceof EngineRejection rejection && rejection.providerRefusal().isPresent()) {
            return providerRefusals.say(rejection.providerRefusal().get(), words);
        }
        if (failure instanceof EngineRejection rejection && rejection.rejected().isPresent()) {
            return rejections.say(rejection.rejected().get(), words);
        }
        if (failure instanceof UnusableImageException unusable) {
            return rejections.say(unusable.rejected(), words);
        }
        if (failure instanceof InvalidParameterException invalid && invalid.rejected().isPresent()) {
            return rejections.say(invalid.rejected().get(), words);
        }
        return failure.getMessage();
    }

    String say(Refusal refusal, Words words) {
        String tenant = words.say("refusal." + surface + ".tenant");
        String ask = ask(refusal, words);
        if (refusal instanceof Refusal.ModelNotAllowed m) {
            return words.say("refusal.model", "model", m.model().id(), "tenant", tenant,
                    "allowed", m.allowed().stream().map(ModelId::id).collect(Collectors.joining(", ")), "suggested", m.allowed().get(0).id(), "ask", ask);
        }
        if (refusal instanceof Refusal.SafetyAboveMaximum s) {
            return words.say("refusal.safety", "asked", s.asked(), "tenant", tenant, "maximum", s.maximum(), "strictest", s.strictest(), "ask", ask);
        }
        if (refusal instanceof Refusal.OverBudget b) {
            String key = switch (b.period()) {
                case REQUESTER_DAY -> "refusal.budget.day";
                case TENANT_MONTH -> "refusal.budget.month";
            };
            return words.say(key, "cost", Money.format(b.costMicros()), "images", b.images(), "model", b.model().id(), "limit", Money.format(b.limitMicros()),
                    "spent", Money.format(b.spentMicros()), "tenant", tenant, "resetsOn", day(b, words),
                    "resetsIn", resetsIn(Duration.between(b.decidedAt(), b.resetsAt()), words), "ask", ask);
        }
        if (refusal instanceof Refusal.OverTurnQuota q) {
            return switch (q.scope()) {
                case REQUESTER -> words.say("refusal.quota.requester", "limit", q.limit());
                case TENANT -> words.say("refusal.quota.tenant", "limit", q.limit(), "tenant", tenant, "ask", ask);
            };
        }
        throw new IllegalStateException("no words for the refusal " + refusal);
    }

    private String ask(Refusal refusal, Words words) {
        return switch (refusal.raisedBy()) {
            case TENANT_ADMIN -> words.say("refusal." + surface + ".askAdmin", "setting", refusal.setting().name().toLowerCase(Locale.ROOT));
            case OPERATOR -> words.say("refusal.askOperator");
        };
    }

    /** "in 3 days" from two days on, else hours and minutes ("in 14 h 0 min"), at least a minute. */
    private static String resetsIn(Duration left, Words words) {
        long hours = left.toHours();
        if (hours >= 48) {
            return words.say("refusal.in.days", "days", left.toDays());
        }
        long minutes = left.toMinutesPart();
        return hours > 0 ? words.say("refusal.in.hours", "hours", hours, "minutes", minutes) : words.say("refusal.in.minutes", "minutes", Math.max(1, minutes));
    }

    /** The day a budget resets, as the language writes a date ("1 December", "1. Dezember"), in UTC. */
    private static String day(Refusal.OverBudget budget, Words words) {
        return DateTimeFormatter.ofPattern(words.say("refusal.resetsOn.pattern"), words.locale()).withZone(ZoneOffset.UTC).format(budget.resetsAt());
    }
}
