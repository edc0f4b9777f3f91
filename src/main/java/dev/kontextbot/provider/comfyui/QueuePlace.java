package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Where a prompt is in ComfyUI's {@code GET /queue}: {@code {queue_running: [[number, id, …]], queue_pending: […]}}. */
sealed interface QueuePlace {
    record Running() implements QueuePlace {
    }

    /** {@code position}: 1 is next; ComfyUI runs pending prompts by their number, not by their place in the list. */
    record Waiting(int position) implements QueuePlace {
    }

    record Absent() implements QueuePlace {
    }

    /** Empty when the answer lacks either list (an HTML page, another server): nothing can be said. */
    static Optional<QueuePlace> of(JsonNode queue, String promptId) {
        JsonNode running = queue.path("queue_running");
        JsonNode pending = queue.path("queue_pending");
        if (!running.isArray() || !pending.isArray()) {
            return Optional.empty();
        }
        for (JsonNode item : running) {
            if (promptId.equals(item.path(1).asText())) {
                return Optional.of(new Running());
            }
        }
        List<JsonNode> waiting = new ArrayList<>();
        pending.forEach(waiting::add);
        waiting.sort(Comparator.comparingDouble(item -> item.path(0).asDouble(Double.MAX_VALUE)));
        for (int i = 0; i < waiting.size(); i++) {
            if (promptId.equals(waiting.get(i).path(1).asText())) {
                return Optional.of(new Waiting(i + 1));
            }
        }
        return Optional.of(new Absent());
    }
}
