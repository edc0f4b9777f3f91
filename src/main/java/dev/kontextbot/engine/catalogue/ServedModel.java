package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.Unavailability;

import java.util.Optional;

/**
 * A catalogue entry as this bot runs it: the route that serves it, or, when none of its providers is configured, why
 * (as data: which services it needs and what each lacks).
 */
public record ServedModel(ModelEntry entry, Optional<Route> route, Optional<Unavailability> unavailable) {
    public ServedModel {
        if (route.isPresent() == unavailable.isPresent()) {
            throw new IllegalArgumentException("a model is served or says why not, never both");
        }
    }

    public boolean available() {
        return route.isPresent();
    }

    /** What an image costs here: nothing where the route is free (the offline editor). */
    public long typicalMicros() {
        return route.map(entry::perImageMicros).orElse(entry.price().typicalMicros());
    }
}
