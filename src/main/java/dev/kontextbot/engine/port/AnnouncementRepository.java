package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.Platform;

import java.util.Optional;

/** Which chat message shows which turn: adapters keep it here so it outlives the process. */
public interface AnnouncementRepository {

    record Announcement(long turnId, Platform platform, String channel, String messageId) {
    }

    void save(Announcement announcement);

    Optional<Announcement> ofTurn(long turnId);

    Optional<Announcement> byMessage(Platform platform, String channel, String messageId);
}
