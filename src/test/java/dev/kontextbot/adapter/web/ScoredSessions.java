package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether a playground session as JSON has all the scores it will get. */
final class ScoredSessions {
    private ScoredSessions() {
    }

    /**
     * Whether every variant of the session's done edits has its fidelity score: the scores follow the results, so a
     * test comparing whole sessions waits for them. Generations from text get none.
     */
    static boolean scored(JsonNode session) {
        for (JsonNode turn : session.get("turns")) {
            if (!turn.get("status").asText().equals("done") || turn.get("parent").isNull()) {
                continue;
            }
            for (JsonNode variant : turn.get("variants")) {
                if (!variant.hasNonNull("score")) {
                    return false;
                }
            }
        }
        return true;
    }
}
