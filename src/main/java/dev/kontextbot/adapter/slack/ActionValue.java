package dev.kontextbot.adapter.slack;

import java.util.Optional;

/**
 * What a button carries: the session, turn and variant it acts on. It is all that is needed to act after a
 * restart; the workspace it came from is checked against the session's before anything happens.
 */
record ActionValue(long sessionId, long turnId, int variant) {

    String encode() {
        return sessionId + ":" + turnId + ":" + variant;
    }

    static Optional<ActionValue> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(":");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ActionValue(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
