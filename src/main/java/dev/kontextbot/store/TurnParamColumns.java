package dev.kontextbot.store;

import dev.kontextbot.engine.model.TurnParams;
import org.jooq.Field;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.kontextbot.store.generated.Tables.TURN;

/** The turn columns a turn's parameters are stored in: one mapping for every insert of a turn (new or imported). */
final class TurnParamColumns {
    private TurnParamColumns() {
    }

    static Map<Field<?>, Object> of(TurnParams p) {
        // A LinkedHashMap: unset parameters are stored as NULL, and Map.of refuses null values.
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(TURN.MODEL, p.model().id());
        columns.put(TURN.ASPECT_RATIO, p.aspectRatio() == null ? null : p.aspectRatio().wireName());
        columns.put(TURN.NUM_IMAGES, p.numImages());
        columns.put(TURN.GUIDANCE_SCALE, p.guidanceScale());
        columns.put(TURN.OUTPUT_FORMAT, p.outputFormat().wireName());
        columns.put(TURN.SAFETY_TOLERANCE, p.safetyTolerance());
        columns.put(TURN.ENHANCE_PROMPT, p.enhancePrompt());
        columns.put(TURN.SEED, p.seed());
        return columns;
    }
}
