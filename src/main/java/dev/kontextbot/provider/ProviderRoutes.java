package dev.kontextbot.provider;

import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.engine.catalogue.ModelEntry;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ProviderRefusal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue's routes of one provider: for each model it serves, the endpoint and what the model can do there, and
 * the model's price. A provider reads its paths and capabilities here instead of naming models itself.
 */
public final class ProviderRoutes {
    private final String provider;
    private final Map<ModelId, ModelEntry> entries;
    private final Map<ModelId, Route> routes;

    public ProviderRoutes(ModelCatalogue catalogue, String provider) {
        this.provider = provider;
        Map<ModelId, ModelEntry> byId = new LinkedHashMap<>();
        Map<ModelId, Route> byModel = new LinkedHashMap<>();
        for (ModelEntry entry : catalogue.entries()) {
            entry.routes().stream().filter(r -> r.provider().equals(provider)).findFirst().ifPresent(route -> {
                byId.put(entry.id(), entry);
                byModel.put(entry.id(), route);
            });
        }
        this.entries = java.util.Collections.unmodifiableMap(byId);
        this.routes = java.util.Collections.unmodifiableMap(byModel);
    }

    /** The models this provider serves, in catalogue order. */
    public java.util.List<ModelId> models() {
        return java.util.List.copyOf(routes.keySet());
    }

    public Optional<Route> of(ModelId model) {
        return Optional.ofNullable(routes.get(model));
    }

    /** The route of a model this provider serves; a model it does not serve is refused before submit (see {@link #refusal}). */
    public Route require(ModelId model) {
        return of(model).orElseThrow(() -> new IllegalStateException(provider + " serves no model " + model));
    }

    /**
     * The checks every provider makes first, in this order: is {@code model} served here, and with {@code inputImages}
     * images. A provider's own checks come after them (see {@link RoutedProvider}).
     */
    public Optional<ProviderRefusal> refusal(String service, ModelId model, int inputImages) {
        if (!routes.containsKey(model)) {
            return Optional.of(new ProviderRefusal.NotServedHere(service, model, routes.keySet().stream()
                    .sorted(java.util.Comparator.comparing(ModelId::id)).toList()));
        }
        return Offers.inputImages(service, inputImages, require(model).maxImages());
    }

    /** One typical image of {@code model} (1 MP from one 1 MP input), in micro-dollars; 0 for a model not served or free. */
    public long pricePerImageMicros(ModelId model) {
        Route route = routes.get(model);
        return route == null ? 0 : entries.get(model).perImageMicros(route);
    }
}
