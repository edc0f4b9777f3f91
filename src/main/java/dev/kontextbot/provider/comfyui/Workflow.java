package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ComfyUI graph in API format ({@code {id: {class_type, inputs}}}) with named placeholders the bot fills: an input
 * whose whole value is {@code "{{name}}"} gets the turn's value, as a number where the name is numeric. The contract
 * (docs/providers.md, "ComfyUI workflows"): {@link #REQUIRED} everywhere, {@code image_1} … {@code image_N} for the
 * images a turn sends. A turn with fewer images than the graph has slots drops the nodes fed by an empty slot; a
 * dropped node with a {@code conditioning} input (a chained ReferenceLatent) is bypassed, its consumers taking that
 * conditioning instead, so one multi-reference graph serves 2 to N images.
 */
public final class Workflow {
    /** The placeholders every workflow must have. */
    public static final List<String> REQUIRED = List.of("prompt", "seed", "steps", "guidance", "width", "height", "batch_size");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_]+)}}");
    private static final Pattern IMAGE = Pattern.compile("image_([1-9][0-9]?)");

    private final String source;
    private final ObjectNode graph;
    private final Set<String> placeholders;

    private Workflow(String source, ObjectNode graph, Set<String> placeholders) {
        this.source = source;
        this.graph = graph;
        this.placeholders = placeholders;
    }

    /**
     * Reads and checks a graph; {@code images}: the image slots it must have (0 for text alone). Throws {@link
     * IllegalArgumentException} naming {@code source} and what is wrong: not JSON, not API format, a missing placeholder.
     */
    public static Workflow parse(String source, String json, int images, ObjectMapper mapper) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the ComfyUI workflow " + source + " is not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject() || tree.isEmpty()) {
            throw new IllegalArgumentException("the ComfyUI workflow " + source + " must be a graph in API format ({\"id\": {\"class_type\", \"inputs\"}}); "
                    + "export it with \"Export (API)\" in ComfyUI");
        }
        Set<String> found = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> node = it.next();
            if (!node.getValue().path("class_type").isTextual() || !node.getValue().path("inputs").isObject()) {
                throw new IllegalArgumentException("the ComfyUI workflow " + source + ": node " + node.getKey()
                        + " has no class_type and inputs; is it in API format (\"Export (API)\" in ComfyUI)?");
            }
            node.getValue().get("inputs").forEach(value -> {
                Matcher m = PLACEHOLDER.matcher(value.isTextual() ? value.asText() : "");
                if (m.matches()) {
                    found.add(m.group(1));
                }
            });
        }
        for (String name : REQUIRED) {
            require(found.contains(name), source, name);
        }
        for (int i = 1; i <= images; i++) {
            require(found.contains("image_" + i), source, "image_" + i);
        }
        return new Workflow(source, (ObjectNode) tree, Set.copyOf(found));
    }

    private static void require(boolean present, String source, String name) {
        if (!present) {
            throw new IllegalArgumentException("the ComfyUI workflow " + source + " has no placeholder \"{{" + name
                    + "}}\"; the bot fills " + String.join(", ", REQUIRED) + " and image_1 … image_N (docs/providers.md)");
        }
    }

    public String source() {
        return source;
    }

    /** The image slots the graph has. */
    public int imageSlots() {
        return (int) placeholders.stream().filter(p -> IMAGE.matcher(p).matches()).count();
    }

    /** A copy of the graph with {@code values} filled in (images as {@code image_1}…); empty image slots are dropped. */
    public ObjectNode fill(Map<String, Object> values) {
        ObjectNode filled = graph.deepCopy();
        Set<String> dropped = new HashSet<>();
        filled.fields().forEachRemaining(node -> {
            ObjectNode inputs = (ObjectNode) node.getValue().get("inputs");
            inputs.fields().forEachRemaining(input -> {
                Matcher m = PLACEHOLDER.matcher(input.getValue().isTextual() ? input.getValue().asText() : "");
                if (!m.matches()) {
                    return;
                }
                Object value = values.get(m.group(1));
                if (value == null && IMAGE.matcher(m.group(1)).matches()) {
                    dropped.add(node.getKey());
                } else if (value == null) {
                    throw new IllegalStateException("no value for {{" + m.group(1) + "}} in " + source);
                } else if (value instanceof Long || value instanceof Integer) {
                    inputs.put(input.getKey(), ((Number) value).longValue());
                } else if (value instanceof Number number) {
                    inputs.put(input.getKey(), number.doubleValue());
                } else {
                    inputs.put(input.getKey(), String.valueOf(value));
                }
            });
        });
        prune(filled, dropped);
        return filled;
    }

    /** Drops the nodes fed by a dropped one, bypassing those that pass a conditioning through. */
    private void prune(ObjectNode filled, Set<String> dropped) {
        Map<String, JsonNode> bypass = new HashMap<>();
        boolean changed = !dropped.isEmpty();
        while (changed) {
            changed = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = filled.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> node = it.next();
                String id = node.getKey();
                if (dropped.contains(id) || bypass.containsKey(id)) {
                    continue;
                }
                JsonNode inputs = node.getValue().get("inputs");
                for (Iterator<Map.Entry<String, JsonNode>> in = inputs.fields(); in.hasNext(); ) {
                    Map.Entry<String, JsonNode> input = in.next();
                    if (!feeds(input.getValue(), dropped)) {
                        continue;
                    }
                    JsonNode conditioning = inputs.path("conditioning");
                    if (!input.getKey().equals("conditioning") && conditioning.isArray()) {
                        bypass.put(id, conditioning);
                    } else {
                        dropped.add(id);
                    }
                    changed = true;
                    break;
                }
            }
        }
        for (String id : dropped) {
            // Dropping an output node would queue a graph that saves nothing, or less than it should.
            if (filled.path(id).path("class_type").asText("").startsWith("Save")) {
                throw new IllegalStateException("the ComfyUI workflow " + source + ": an empty image slot would remove node " + id
                        + " (" + filled.path(id).path("class_type").asText() + ")");
            }
        }
        dropped.forEach(filled::remove);
        bypass.keySet().forEach(filled::remove);
        filled.fields().forEachRemaining(node -> {
            ObjectNode inputs = (ObjectNode) node.getValue().get("inputs");
            inputs.fields().forEachRemaining(input -> {
                JsonNode link = input.getValue();
                while (link.isArray() && bypass.containsKey(link.path(0).asText())) {
                    link = bypass.get(link.path(0).asText());
                }
                if (link.isArray() && dropped.contains(link.path(0).asText())) {
                    throw new IllegalStateException("the ComfyUI workflow " + source + ": node " + node.getKey()
                            + " needs node " + link.path(0).asText() + ", which an empty image slot removed");
                }
                input.setValue(link);
            });
        });
    }

    private static boolean feeds(JsonNode value, Set<String> dropped) {
        return value instanceof ArrayNode link && link.size() == 2 && link.get(0).isTextual() && dropped.contains(link.get(0).asText());
    }
}
