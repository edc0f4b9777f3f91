package dev.kontextbot.adapter.picture;

import dev.kontextbot.engine.SessionReview;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.port.SessionListing;

import java.util.List;

/** A tenant's sessions as a gallery: newest first, a page at a time, each summed up. */
public final class Gallery {
    public static final int MAX_PAGE = 100;

    private final ConversationEngine engine;
    private final SessionListing listing;

    public Gallery(ConversationEngine engine, SessionListing listing) {
        this.engine = engine;
        this.listing = listing;
    }

    /** Up to {@code limit} (1–{@value #MAX_PAGE}) sessions older than session {@code before} (null: the newest). */
    public GalleryPage page(Platform platform, String tenant, Long before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a gallery page holds 1 to " + MAX_PAGE + " sessions, not " + limit);
        }
        // One more than asked tells whether another page follows.
        List<Session> sessions = listing.newest(platform, tenant, before, limit + 1);
        boolean more = sessions.size() > limit;
        List<SessionSummary> shown = sessions.stream().limit(limit).map(s -> summary(s.id())).toList();
        Long next = more ? shown.get(shown.size() - 1).session().id() : null;
        return new GalleryPage(shown, listing.count(platform, tenant), next);
    }

    public SessionSummary summary(long sessionId) {
        SessionReview review = engine.review(sessionId);
        SessionSnapshot snapshot = review.snapshot();
        List<Turn> turns = snapshot.turns().stream().map(SessionSnapshot.TurnSnapshot::turn).toList();
        int variants = snapshot.turns().stream().mapToInt(t -> t.variants().size()).sum();
        long cost = turns.stream().mapToLong(Turn::costMicros).sum();
        int branches = review.branches().values().stream().mapToInt(List::size).sum();
        Session session = snapshot.session();
        Long origin = session.branchedFrom() == null ? null
                : engine.turn(session.branchedFrom().turnId()).map(Turn::sessionId).orElse(null);
        return new SessionSummary(session, turns.isEmpty() ? null : turns.get(0).prompt(), turns.size(), variants, cost, branches,
                origin, turns.isEmpty() ? null : turns.get(turns.size() - 1).status(), turns.stream().mapToInt(t -> t.references().size()).sum());
    }
}
