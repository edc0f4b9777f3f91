package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
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
        this.timeline = new TimelineRenderer(images, engine.decoder(), new TurnFailureWords()::orStored);
        this.beforeAfter = new BeforeAfterRenderer(images, engine.decoder());
    }

    /**
     * Page {@code page} (from 1) of the session's timeline picture, captioned in {@code words} (its reader's); a page out
     * of range is refused with a message in those words.
     */
    public RenderedPage timeline(Words words, long sessionId, int page) {
        return timeline.render(words, engine.review(sessionId), page);
    }

    /** The session's source beside its head, captioned in {@code words}. */
    public byte[] beforeAfter(Words words, long sessionId) {
        return beforeAfter.render(words, engine.review(sessionId));
    }

    /** "fidelity 93" (with its flags), or empty when the variant has no score (text-only sessions, unreadable formats). */
    public static Optional<String> score(Words words, VariantScore score) {
        if (score == null) {
            return Optional.empty();
        }
        String flags = score.flags().isEmpty() ? "" : " ⚠ " + score.flags().stream().map(f -> flag(words, f)).collect(Collectors.joining(", "));
        return Optional.of(words.say("score.fidelity", "fidelity", score.fidelity()) + flags);
    }

    /** A line warning that the head drifted from the source, when it did. */
    public static Optional<String> driftWarning(Words words, Optional<Drift> drift) {
        return drift.filter(Drift::identityDrift).map(d -> words.say("drift.warning", "edits", d.edits(), "fidelity", d.sourceFidelity()));
    }

    private static String flag(Words words, QualityFlag flag) {
        return words.say(switch (flag) {
            case BLANK -> "score.flag.blank";
            case ARTEFACTS -> "score.flag.artefacts";
            case RESOLUTION_LOSS -> "score.flag.resolutionLoss";
        });
    }

    public static String fileName(long sessionId, String what) {
        return "kontext-session-" + sessionId + "-" + what.toLowerCase(Locale.ROOT) + ".png";
    }
}
