package dev.kontextbot.engine;

import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.review.ScoreRepository;
import dev.kontextbot.engine.port.SessionRepository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Puts a session's scores, drift and branches beside its snapshot. */
public final class SessionReviews {
    private final SessionRepository sessions;
    private final ScoreRepository scores;

    public SessionReviews(SessionRepository sessions, ScoreRepository scores) {
        this.sessions = sessions;
        this.scores = scores;
    }

    public SessionReview review(SessionSnapshot snapshot) {
        long id = snapshot.session().id();
        Map<VariantRef, VariantScore> scored = scores.ofSession(id);
        Map<VariantRef, List<Long>> branches = new HashMap<>();
        for (Session branch : sessions.branchesOf(id)) {
            branches.computeIfAbsent(branch.branchedFrom(), ref -> new ArrayList<>()).add(branch.id());
        }
        return new SessionReview(snapshot, scored, drift(snapshot, scored, sessions.liveHeads(id)), branches);
    }

    /**
     * The head's fidelity to the source, from the head variant's stored score, and the number of edits from
     * the source to it, counted along the head's own line (a variant picked in an earlier turn after later
     * turns has fewer edits behind it than the session has turns).
     */
    static Optional<Drift> drift(SessionSnapshot snapshot, Map<VariantRef, VariantScore> scores, List<HeadChange> liveHeads) {
        Session session = snapshot.session();
        if (session.source() == null || session.head() == null) {
            return Optional.empty();
        }
        Map<VariantRef, Variant> variants = new HashMap<>();
        Map<Long, ImageId> parents = new HashMap<>();
        for (SessionSnapshot.TurnSnapshot turn : snapshot.turns()) {
            parents.put(turn.turn().id(), turn.turn().parent());
            turn.variants().forEach(v -> variants.put(v.ref(), v));
        }
        HeadChange last = liveHeads.isEmpty() ? null : liveHeads.get(liveHeads.size() - 1);
        Variant head = last == null || last.variant() == null || !last.image().equals(session.head()) ? null : variants.get(last.variant());
        if (head == null) {
            // The head is the source itself (nothing kept or undone to it), or an image someone uploaded.
            return session.head().equals(session.source()) ? Optional.of(Drift.of(100, 0)) : Optional.empty();
        }
        VariantScore score = scores.get(head.ref());
        if (score == null || score.sourceFidelity() == null) {
            return Optional.empty();
        }
        return Optional.of(Drift.of(score.sourceFidelity(), edits(head, variants, parents, session.source())));
    }

    private static int edits(Variant head, Map<VariantRef, Variant> variants, Map<Long, ImageId> parents, ImageId source) {
        int edits = 0;
        Variant step = head;
        // Bounded by the number of variants: the same image can recur (four quarter turns), which must not loop.
        while (step != null && edits < variants.size()) {
            edits++;
            ImageId parent = parents.get(step.turnId());
            if (parent == null || parent.equals(source)) {
                break;
            }
            step = madeBefore(step.turnId(), parent, variants);
        }
        return edits;
    }

    /** The newest variant, of a turn before {@code turnId}, whose image is {@code image}: where that step started. */
    private static Variant madeBefore(long turnId, ImageId image, Map<VariantRef, Variant> variants) {
        Variant found = null;
        for (Variant v : variants.values()) {
            if (v.turnId() < turnId && v.context().equals(image) && (found == null || v.turnId() > found.turnId())) {
                found = v;
            }
        }
        return found;
    }
}
