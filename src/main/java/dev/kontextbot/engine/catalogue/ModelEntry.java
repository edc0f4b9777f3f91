package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.ModelId;

import java.util.List;

/**
 * One model people choose, as the catalogue describes it: its id, a label, what an image costs, and the providers that
 * serve it in order of preference (the first one configured serves it).
 */
public record ModelEntry(ModelId id, String label, ModelPrice price, List<Route> routes) {
    public ModelEntry {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("model " + id + " needs a label");
        }
        if (routes == null || routes.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " names no provider that serves it");
        }
        routes = List.copyOf(routes);
    }

    /**
     * The estimate per image on {@code route}, as budgets count a queued turn and prices are shown: one typical image
     * (1 MP from one 1 MP input), or nothing on a free route (the offline editor). The one place this rule is written.
     */
    public long perImageMicros(Route route) {
        return route.free() ? 0 : price().typicalMicros();
    }
}
