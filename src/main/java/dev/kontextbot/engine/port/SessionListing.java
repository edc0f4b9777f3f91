package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;

import java.util.List;

/** A tenant's sessions across all its channels, for a gallery. */
public interface SessionListing {

    /** Up to {@code limit} sessions, newest first, older than session {@code beforeId} when it is not null. */
    List<Session> newest(Platform platform, String tenant, Long beforeId, int limit);

    int count(Platform platform, String tenant);
}
