package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * ComfyUI's refusal of a graph, {@code 400 {error: {message, details}, node_errors: {id: {class_type, errors:
 * [{message, details}]}}}}, in one line naming the node, so an operator sees which loader lacks which file; blank when it
 * said nothing. The words around it are {@code ProviderFailure.WorkflowRefused}'s.
 */
final class NodeErrors {
    private static final int MAX_LENGTH = 400;

    private NodeErrors() {
    }

    static String describe(JsonNode body) {
        List<String> nodes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("node_errors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> node = it.next();
            List<String> errors = new ArrayList<>();
            node.getValue().path("errors").forEach(error -> errors.add(line(error)));
            nodes.add("node " + node.getKey() + " (" + node.getValue().path("class_type").asText("?") + "): "
                    + (errors.isEmpty() ? "invalid" : String.join("; ", errors)));
        }
        String text = nodes.isEmpty() ? message(body) : String.join("; ", nodes);
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
    }

    /** The top-level {@code error}, a string or {@code {message, details}}; blank when there is none. */
    static String message(JsonNode body) {
        JsonNode error = body.path("error");
        return error.isTextual() ? error.asText() : error.isObject() ? line(error) : "";
    }

    private static String line(JsonNode error) {
        String message = error.path("message").asText("");
        String details = error.path("details").asText("");
        return details.isBlank() ? message : message + ": " + details;
    }
}
