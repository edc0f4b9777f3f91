package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-words descriptions of turns that every chat adapter shows: parameters, cost, lineage, the head. */
public final class TurnDescriptions {
    private final ConversationEngine engine;

    public TurnDescriptions(ConversationEngine engine) {
        this.engine = engine;
    }

    /** How a running turn's stage reads in chat: {@code emoji} and {@code words} ("Generating…"). */
    public record Progress(String emoji, String words) {
    }

    /**
     * The one place a provider's stage becomes words: a stage starting with "queued" (Runflow's "queued at Runflow",
     * fal's "queued") is shown as such — cold starts there take seconds; anything else is "Generating…".
     */
    public static Progress progress(String stage) {
        if (stage != null && stage.toLowerCase(Locale.ROOT).startsWith("queued")) {
            return new Progress("⏳", stage.substring(0, 1).toUpperCase(Locale.ROOT) + stage.substring(1) + "…");
        }
        return new Progress("🎨", "Generating…");
    }

    /** "$0.04", or "free" for the offline editor. */
    public static String cost(long micros) {
        return micros == 0 ? "free" : String.format(Locale.ROOT, "$%.2f", micros / 1_000_000.0);
    }

    /** Every parameter of the turn in one line, with its status and cost. */
    public static String parameters(Turn turn) {
        TurnParams p = turn.params();
        return "status " + turn.status().wireName() + " · model " + p.model().id() + " · seed " + p.seed()
                + " · " + p.numImages() + " variant(s) · aspect " + (p.aspectRatio() == null ? "input" : p.aspectRatio().wireName())
                + " · guidance " + p.guidanceScale() + " · " + p.outputFormat().wireName() + " · safety " + p.safetyTolerance()
                + (p.enhancePrompt() ? " · enhanced" : "") + " · cost " + cost(turn.costMicros())
                + turn.shortfall().map(shortfall -> " · " + shortfall).orElse("");
    }

    /** Back from this turn's input to the session's source: which turn and variant made each image. */
    public String lineage(Turn turn) {
        SessionSnapshot snapshot = engine.snapshot(turn.sessionId());
        Map<ImageId, String> madeBy = new HashMap<>();
        Map<ImageId, Turn> turnOf = new HashMap<>();
        List<SessionSnapshot.TurnSnapshot> turns = snapshot.turns();
        for (int i = 0; i < turns.size(); i++) {
            SessionSnapshot.TurnSnapshot t = turns.get(i);
            for (Variant variant : t.variants()) {
                // A turn's number is its place in the session's turns.
                madeBy.put(variant.context(), "turn " + (i + 1) + " #" + (variant.index() + 1));
                turnOf.put(variant.context(), t.turn());
            }
        }
        List<String> steps = new ArrayList<>(List.of("turn " + snapshot.number(turn.id())));
        ImageId image = turn.parent();
        while (image != null && madeBy.containsKey(image) && steps.size() < 50) {
            steps.add(madeBy.get(image));
            image = turnOf.get(image).parent();
        }
        steps.add(image == null ? "text" : "source");
        Collections.reverse(steps);
        return String.join(" → ", steps);
    }

    /** Which variant (and of which instruction) the session's head is; {@code quote} renders the prompt. */
    public String head(long sessionId, java.util.function.UnaryOperator<String> quote) {
        SessionSnapshot snapshot = engine.snapshot(sessionId);
        for (SessionSnapshot.TurnSnapshot t : snapshot.turns()) {
            for (Variant variant : t.variants()) {
                if (variant.context().equals(snapshot.session().head())) {
                    return "variant " + (variant.index() + 1) + " of “" + quote.apply(t.turn().prompt()) + "”";
                }
            }
        }
        return "the original image";
    }
}
