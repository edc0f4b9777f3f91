package dev.kontextbot.adapter.discord;

import java.util.Optional;

/**
 * What a button or modal carries in its custom id: the action and the session, turn and variant it acts on. That
 * is all it needs to work after a restart or months later; the server it was pressed in is checked against the
 * session's before anything happens. Discord allows 100 characters; this stays far below.
 */
record ComponentId(String action, long sessionId, long turnId, int variant) {
    static final String PREFIX = "kx";

    ComponentId {
        if (action.isEmpty() || action.contains(":")) {
            throw new IllegalArgumentException("action must be a word: " + action);
        }
    }

    String encode() {
        return PREFIX + ":" + action + ":" + sessionId + ":" + turnId + ":" + variant;
    }

    static Optional<ComponentId> decode(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String[] parts = id.split(":");
        if (parts.length != 5 || !parts[0].equals(PREFIX) || parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ComponentId(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), Integer.parseInt(parts[4])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
