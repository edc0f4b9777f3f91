package dev.kontextbot.adapter.picture;

import java.util.List;

/** A page of a tenant's sessions, newest first; {@code nextBefore}: where the next page starts, null on the last. */
public record GalleryPage(List<SessionSummary> sessions, int total, Long nextBefore) {
    public GalleryPage {
        sessions = List.copyOf(sessions);
    }
}
