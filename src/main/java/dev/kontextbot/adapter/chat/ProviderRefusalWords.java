package dev.kontextbot.adapter.chat;

import com.ibm.icu.text.ListFormatter;
import com.ibm.icu.util.ULocale;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.ProviderRefusal.Parameter;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Puts why a turn cannot run where it would go ({@link ProviderRefusal}: the catalogue's reasons and each service's
 * own) in a person's words, from {@code words/providers}. Model ids and wire names stay as people type them.
 */
public final class ProviderRefusalWords {

    /** The refusal in these words; a kind with no words fails loudly (the German test names every kind). */
    public String say(ProviderRefusal refusal, Words words) {
        if (refusal instanceof ProviderRefusal.UnknownModel r) {
            return words.say("provider.lineup.unknown", "model", r.model().id(), "available", ids(r.available()));
        }
        if (refusal instanceof ProviderRefusal.ModelUnavailable r) {
            return words.say("provider.lineup.unavailable", "model", r.model().id(), "why", CatalogueWords.unavailable(r.why(), words), "available", ids(r.available()));
        }
        if (refusal instanceof ProviderRefusal.TooManyImages r) {
            return words.say("provider.lineup.images", "model", r.model().id(), "max", r.max(), "given", r.given(),
                    "others", others(words, "provider.lineup.thatTake", r.given(), r.modelsThatTakeThem()));
        }
        if (refusal instanceof ProviderRefusal.ParameterNotOffered r) {
            return switch (r.parameter()) {
                case GUIDANCE_SCALE -> words.say("provider.lineup.noGuidance", "model", r.model().id(), "default", r.defaultValue().orElseThrow(),
                        "others", others(words, "provider.lineup.thatHaveIt", null, r.modelsThatHaveIt()));
                case ENHANCE_PROMPT -> words.say("provider.lineup.noEnhancePrompt", "model", r.model().id(),
                        "others", others(words, "provider.lineup.thatHaveIt", null, r.modelsThatHaveIt()));
                case SAFETY_TOLERANCE -> throw new IllegalStateException("every model has a safety_tolerance: " + r);
            };
        }
        if (refusal instanceof ProviderRefusal.OutOfRange r) {
            return words.say("provider.lineup.range", "model", r.model().id(), "parameter", r.parameter().wireName(),
                    "min", r.min(), "max", r.max(), "given", r.given(), "others", others(words, "provider.lineup.thatTake", r.given(), r.modelsThatTakeIt()));
        }
        if (refusal instanceof ProviderRefusal.FormatNotMade r) {
            return words.say("provider.lineup.format", "model", r.model().id(), "format", r.format().wireName(),
                    "others", others(words, "provider.lineup.thatCan", null, r.modelsThatCan()));
        }
        if (refusal instanceof ProviderRefusal.NotServedHere r) {
            return words.say("provider.service.notServed", "service", service(r.service(), words), "model", r.model().id(), "served", ids(r.served()));
        }
        if (refusal instanceof ProviderRefusal.ServiceTakesFewerImages r) {
            return words.say("provider.service.images", "service", service(r.service(), words), "max", r.max(), "given", r.given());
        }
        if (refusal instanceof ProviderRefusal.ServiceFormatNotMade r) {
            return words.say("provider.service.format", "service", service(r.service(), words),
                    "format", r.format().wireName(), "offered", either(r.offered(), words));
        }
        if (refusal instanceof ProviderRefusal.SafetyOutOfServiceRange r) {
            return words.say("provider.service.safety", "service", service(r.service(), words),
                    "lowest", r.lowest(), "highest", r.highest(), "given", r.given());
        }
        if (refusal instanceof ProviderRefusal.EditingSafetyAbove r) {
            return words.say("provider.service.editingSafety", "service", service(r.service(), words), "max", r.max(), "given", r.given());
        }
        if (refusal instanceof ProviderRefusal.ServiceLacks r) {
            return lacks(r, words);
        }
        if (refusal instanceof ProviderRefusal.OneImagePerRequest r) {
            return words.say("provider.service.oneImagePerRequest", "service", service(r.service(), words), "model", r.model().id());
        }
        if (refusal instanceof ProviderRefusal.NeedsAnImage r) {
            return r.model()
                    .map(model -> words.say("provider.service.workflowNeedsImage", "service", service(r.service(), words), "model", model.id()))
                    .orElseGet(() -> words.say("provider.service.needsImage", "service", service(r.service(), words)));
        }
        if (refusal instanceof ProviderRefusal.NotOfferedThrough r) {
            return words.say("provider.service.notOffered", "service", service(r.service(), words),
                    "model", r.model().id(), "instead", r.instead().id());
        }
        throw new IllegalStateException("no words for the provider refusal " + refusal);
    }

    private static String lacks(ProviderRefusal.ServiceLacks r, Words words) {
        String service = service(r.service(), words);
        return switch (r.parameter()) {
            case GUIDANCE_SCALE -> words.say("provider.service.noGuidance", "service", service,
                    "model", r.model().map(ModelId::id).orElseThrow(), "default", r.defaultValue().orElseThrow());
            case ENHANCE_PROMPT -> r.model()
                    .map(model -> words.say("provider.service.modelNoEnhancePrompt", "service", service, "model", model.id()))
                    .orElseGet(() -> words.say("provider.service.noEnhancePrompt", "service", service));
            case SAFETY_TOLERANCE -> throw new IllegalStateException("a service lacking safety_tolerance refuses no value of it: " + r);
        };
    }

    /** "models that take 6: kontext-pro, kontext-max", or that no model here does. */
    private static String others(Words words, String key, Object value, List<ModelId> models) {
        if (models.isEmpty()) {
            return words.say("provider.lineup.noneDoes");
        }
        return value == null ? words.say(key, "models", ids(models)) : words.say(key, "value", value, "models", ids(models));
    }

    /** The built-in editor has a name in each language; a service is called what it calls itself. */
    private static String service(String service, Words words) {
        return ProviderRefusal.OFFLINE.equals(service) ? words.say("provider.offline") : service;
    }

    private static String ids(List<ModelId> models) {
        return models.stream().map(ModelId::id).collect(Collectors.joining(", "));
    }

    /** "jpeg or png", "jpeg oder png": the language's own "or". */
    private static String either(List<OutputFormat> formats, Words words) {
        return ListFormatter.getInstance(ULocale.forLocale(words.locale()), ListFormatter.Type.OR, ListFormatter.Width.WIDE)
                .format(formats.stream().map(OutputFormat::wireName).toList());
    }
}
