package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Unavailability;

import java.util.Optional;

/**
 * One model as every surface lists it (Discord's choices, Slack's model=, the playground's select, /kontext admin
 * models): its id, label, who serves it, whether it can be used here and why not, and its price. Data only: the
 * adapters word the price and the reason.
 *
 * @param typicalMicros one 1 MP image from one 1 MP input (0 on a free route)
 * @param price         the catalogue's price, or {@link ModelPrice#FREE} on a free route
 * @param maxImages     input images a turn takes, the edited one included (1 when unavailable)
 */
public record ModelChoice(ModelId id, String label, Optional<String> provider, Optional<Unavailability> unavailable, long typicalMicros,
                          ModelPrice price, int maxImages) {
    public boolean available() {
        return unavailable.isEmpty();
    }

    static ModelChoice of(ServedModel model) {
        ModelEntry entry = model.entry();
        boolean free = model.route().map(Route::free).orElse(false);
        return new ModelChoice(entry.id(), entry.label(), model.route().map(Route::provider), model.unavailable(), model.typicalMicros(),
                free ? ModelPrice.FREE : entry.price(), model.route().map(Route::maxImages).orElse(1));
    }
}
