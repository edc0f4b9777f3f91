package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.catalogue.ModelPrice;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.Unavailability;

/**
 * The model catalogue's prices and reasons in a person's words, for every surface that lists models (Discord's and
 * Slack's model lists, the playground's select, a refused turn): "$0.04 an image", "it needs BFL (set BFL_API_KEY)".
 * Amounts are written as the refusals write them ({@link Money#format}).
 */
public final class CatalogueWords {
    private CatalogueWords() {
    }

    /** "$0.04 an image", "$0.03 the first MP, $0.015 each further MP of output and input", "free here". */
    public static String price(ModelPrice price, Words words) {
        if (price instanceof ModelPrice.PerImage p) {
            return words.say("models.price.perImage", "price", Money.format(p.micros()));
        }
        if (price instanceof ModelPrice.PerMegapixel p) {
            return words.say(p.inputs() ? "models.price.perMegapixel" : "models.price.perMegapixelOutput",
                    "first", Money.format(p.firstMicros()), "further", Money.format(p.furtherMicros()));
        }
        if (price instanceof ModelPrice.Free) {
            return words.say("models.price.free");
        }
        throw new IllegalStateException("no words for the price " + price);
    }

    /** "it needs BFL (set BFL_API_KEY) or fal.ai (set FAL_KEY)", "fal.ai (provider: fal) does not serve it". */
    public static String unavailable(Unavailability why, Words words) {
        if (why instanceof Unavailability.NotServedBy n) {
            return words.say("models.reason.notServedBy", "service", service(n.provider(), n.label(), words), "provider", n.provider());
        }
        if (why instanceof Unavailability.NeedsSetup n) {
            if (n.services().isEmpty()) {
                return words.say("models.reason.offlineOnly");
            }
            String services = n.services().stream().map(s -> setup(s, words))
                    .reduce((first, second) -> words.say("models.reason.either", "first", first, "second", second)).orElseThrow();
            return words.say("models.reason.needs", "services", services);
        }
        throw new IllegalStateException("no words for why a model is unavailable: " + why);
    }

    private static String setup(Unavailability.Service service, Words words) {
        String name = service(service.provider(), service.label(), words);
        return service.variable().map(variable -> words.say("models.reason.set", "service", name, "variable", variable))
                .orElseGet(() -> words.say("models.reason.configured", "service", name));
    }

    /** A service is called what it calls itself; the built-in editor has a name in each language. */
    private static String service(String provider, String label, Words words) {
        return ProviderRefusal.OFFLINE.equals(provider) ? words.say("models.offline") : label;
    }
}
