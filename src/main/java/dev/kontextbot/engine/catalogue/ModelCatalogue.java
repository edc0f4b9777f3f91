package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.ModelId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every model the bot knows, in the order people see them: the one place a model is named. Built by {@code app} from
 * the {@code models:} settings; the engine holds it as a value and knows no settings file.
 */
public final class ModelCatalogue {
    private final Map<ModelId, ModelEntry> entries;

    public ModelCatalogue(List<ModelEntry> entries) {
        Map<ModelId, ModelEntry> byId = new LinkedHashMap<>();
        for (ModelEntry entry : entries) {
            if (byId.put(entry.id(), entry) != null) {
                throw new IllegalArgumentException("model " + entry.id() + " is listed twice");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("the catalogue lists no model");
        }
        this.entries = Map.copyOf(byId);
        this.order = List.copyOf(byId.keySet());
    }

    private final List<ModelId> order;

    public List<ModelEntry> entries() {
        return order.stream().map(entries::get).toList();
    }

    public Optional<ModelEntry> find(ModelId id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** "kontext-pro, kontext-max, …" for messages. */
    public String ids() {
        return order.stream().map(ModelId::id).collect(Collectors.joining(", "));
    }
}
