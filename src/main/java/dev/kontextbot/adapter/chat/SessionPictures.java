package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.adapter.picture.BeforeAfterRenderer;
import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.adapter.picture.TimelineRenderer;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.port.ImageStore;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The pictures and score words every chat adapter shows for a session: its timeline, before/after, fidelity, drift. */
public final class SessionPictures {
    private final ConversationEngine engine;
    private final TimelineRenderer timeline;
    private final BeforeAfterRenderer beforeAfter;

    public SessionPictures(ConversationEngine engine, ImageStore images) {
        this.engine = engine;
        this.timeline = new TimelineRenderer(images, engine.decoder());
        this.beforeAfter = new BeforeAfterRenderer(images, engine.decoder());
    }

    /** Page {@code page} (from 1) of the session's timeline picture; a page out of range is refused with a message. */
    public RenderedPage timeline(long sessionId, int page) {
        return timeline.render(engine.review(sessionId), page);
    }

    /** The session's source beside its head. */
    public byte[] beforeAfter(long sessionId) {
        return beforeAfter.render(engine.review(sessionId));
    }

    /** "fidelity 93" (with its flags), or empty when the variant has no score (text-only sessions, unreadable formats). */
    public static Optional<String> score(VariantScore score) {
        if (score == null) {
            return Optional.empty();
        }
        String flags = score.flags().isEmpty() ? "" : " ⚠ " + score.flags().stream().map(SessionPictures::flag).collect(Collectors.joining(", "));
        return Optional.of("fidelity " + score.fidelity() + flags);
    }

    /** A line warning that the head drifted from the source, when it did. */
    public static Optional<String> driftWarning(Optional<Drift> drift) {
        return drift.filter(Drift::identityDrift).map(d -> "⚠ identity drift: after " + d.edits() + " edits the head keeps "
                + d.sourceFidelity() + "/100 of the original; Undo or Branch from an earlier variant to get back");
    }

    private static String flag(QualityFlag flag) {
        return switch (flag) {
            case BLANK -> "blank";
            case ARTEFACTS -> "artefacts";
            case RESOLUTION_LOSS -> "lost resolution";
        };
    }

    public static String fileName(long sessionId, String what) {
        return "kontext-session-" + sessionId + "-" + what.toLowerCase(Locale.ROOT) + ".png";
    }
}
