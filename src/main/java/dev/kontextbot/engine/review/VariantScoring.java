package dev.kontextbot.engine.review;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.SessionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a finished turn's variants (what people see) against the image the turn edited and the session's
 * source. A score is an extra: nothing here may fail or hold up a turn, so every failure is logged and
 * leaves the variant without a score.
 */
public final class VariantScoring {
    private static final Logger log = LoggerFactory.getLogger(VariantScoring.class);

    private final SessionRepository sessions;
    private final ImageStore images;
    private final ScoreRepository scores;
    private final FidelityScorer scorer;
    private final ImageDecoder decoder;
    private final MeasuredImages measured;

    public VariantScoring(SessionRepository sessions, ImageStore images, ScoreRepository scores, FidelityScorer scorer, ImageDecoder decoder,
                          MeasuredImages measured) {
        this.decoder = decoder;
        this.measured = measured;
        this.sessions = sessions;
        this.images = images;
        this.scores = scores;
        this.scorer = scorer;
    }

    /** Scores of the variants; empty for a turn generated from text alone (it kept nothing, so there is nothing to measure). */
    public Map<VariantRef, VariantScore> score(Turn turn, List<Variant> variants) {
        if (turn.parent() == null) {
            return Map.of();
        }
        MeasuredImage parent;
        MeasuredImage source;
        try {
            parent = measure(turn.parent());
            ImageId sourceId = sessions.find(turn.sessionId()).map(Session::source).orElse(null);
            source = sourceId == null ? null : sourceId.equals(turn.parent()) ? parent : measure(sourceId);
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: ImageIO throws assorted ones on odd files, and a bug here must not fail the turn.
            log.warn("turn {}: its variants get no fidelity score, the image it edited could not be measured", turn.id(), e);
            return Map.of();
        }
        Map<VariantRef, VariantScore> scored = new LinkedHashMap<>();
        for (Variant variant : variants) {
            try {
                scored.put(variant.ref(), scorer.score(parent, measure(variant.image()), source));
            } catch (IOException | RuntimeException e) {
                log.warn("turn {} variant {}: no fidelity score, the image could not be measured", turn.id(), variant.index() + 1, e);
            }
        }
        return scored;
    }

    /** Stores the scores; a failed write is logged, and the turn stays without them. */
    public void save(Map<VariantRef, VariantScore> scored) {
        try {
            scores.save(scored);
        } catch (RuntimeException e) {
            log.warn("fidelity scores of {} could not be stored; the turn is kept without them", scored.keySet(), e);
        }
    }

    /**
     * Each image is measured once while it is kept ({@link MeasuredImages}); a JPEG from its luminance channel alone,
     * anything else decoded in full.
     */
    private MeasuredImage measure(ImageId id) throws IOException {
        return measured.of(id, image -> {
            byte[] bytes = images.read(image);
            return decoder.decodeJpegLuma(bytes, scorer::measureLuma).orElseGet(() -> decoder.decode(bytes, scorer::measure));
        });
    }
}
