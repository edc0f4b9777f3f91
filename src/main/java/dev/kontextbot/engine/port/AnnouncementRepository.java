package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.Platform;

import java.util.Optional;

/** Which chat message shows which turn: adapters keep it here so it outlives the process. */
public interface AnnouncementRepository {

    /** {@code media}: platform ids of the uploaded variant images, in variant order (empty until uploaded). */
    record Announcement(long turnId, Platform platform, String channel, String messageId, java.util.List<String> media) {
    }

    /**
     * Stores the turn's message unless one is stored already, and returns the one that stands: the first stored. With
     * several instances, two can post a turn's message at once; the one whose message lost deletes it.
     */
    Announcement save(Announcement announcement);

    void saveMedia(long turnId, java.util.List<String> media);

    Optional<Announcement> ofTurn(long turnId);

    Optional<Announcement> byMessage(Platform platform, String channel, String messageId);
}
