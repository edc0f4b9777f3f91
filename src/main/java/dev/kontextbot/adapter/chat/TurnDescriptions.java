package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.JobProgress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Plain-words descriptions of turns that every chat adapter shows: parameters, cost, lineage, the head. */
public final class TurnDescriptions {
    private final ConversationEngine engine;
    private final Words words;

    public TurnDescriptions(ConversationEngine engine) {
        this.engine = engine;
        this.words = Languages.load().in(Languages.FALLBACK);
    }

    /** How a running turn's stage reads in chat: {@code emoji} and {@code words} ("Generating…"). */
    public record Progress(String emoji, String words) {
    }

    /**
     * The one place a provider's progress becomes words: "Queued at fal (#3)…" while the service holds the job in its own
     * queue (cold starts there take seconds), "Generating 45% (9/20 steps)…" as far as the service says, else "Generating…".
     */
    public static Progress progress(JobProgress progress) {
        if (progress instanceof JobProgress.Queued queued) {
            return new Progress("⏳", "Queued at " + queued.service()
                    + (queued.position().isPresent() ? " (#" + queued.position().getAsInt() + ")" : "") + "…");
        }
        if (progress instanceof JobProgress.Generating generating) {
            return new Progress("🎨", "Generating"
                    + (generating.percent().isPresent() ? " " + generating.percent().getAsInt() + "%" : "")
                    + generating.steps().map(steps -> " (" + steps.done() + "/" + steps.total() + " steps)").orElse("") + "…");
        }
        return new Progress("🎨", "Generating…");
    }

    /** "$0.04", or "free" for the offline editor. */
    public static String cost(long micros) {
        return micros == 0 ? "free" : String.format(Locale.ROOT, "$%.2f", micros / 1_000_000.0);
    }

    /** " · about $0.16" for a turn that costs money, shown before it runs; empty when it is free. */
    public static String estimate(long micros) {
        return micros == 0 ? "" : " · " + expectedCost(micros);
    }

    /** "about $0.16", or "free": what a turn that has not ended is expected to cost. */
    private static String expectedCost(long micros) {
        return micros == 0 ? cost(micros) : "about " + cost(micros);
    }

    /**
     * The one sentence that says what the numbers in a turn with references mean ("Image 1 is the current picture;
     * images 2 and 3 are the ones you attached."), so the person can name them in the instruction; empty without references.
     */
    public static Optional<String> inputs(Turn turn) {
        int count = turn.references().size();
        if (count == 0) {
            return Optional.empty();
        }
        String attached = count == 1 ? "image 2 is the one you attached" : "images " + numbers(count) + " are the ones you attached";
        return Optional.of("Image 1 is the current picture; " + attached + ".");
    }

    /** What a person hears when images they sent without an instruction made the first of them the head. */
    public static String headReplaced(int images) {
        return images == 1 ? "🖼️ That image is the head now: the next instruction edits it."
                : "🖼️ The first image is the head now: the next instruction edits it. To use the others as image 2, image 3…,"
                + " send them with an instruction.";
    }

    /** "with image 2, image 3" for a turn's references, as lineage and info list them; empty without references. */
    public static String references(Turn turn) {
        return dev.kontextbot.adapter.picture.ReferenceNames.of(turn);
    }

    /** "2 and 3", "2, 3 and 4": the numbers of a turn's references. */
    private static String numbers(int references) {
        List<String> numbers = java.util.stream.IntStream.rangeClosed(2, references + 1).mapToObj(String::valueOf).toList();
        return String.join(", ", numbers.subList(0, numbers.size() - 1)) + " and " + numbers.get(numbers.size() - 1);
    }

    /** Every parameter of the turn in one line, with its status and cost (expected cost while it has not ended). */
    public String parameters(Turn turn) {
        return parameters(turn, turn.status().isFinal() ? turn.costMicros() : engine.estimateMicros(turn)) + inputsSent(turn, words);
    }

    /** " · inputs sent 3.1 KB" once the turn sent anything to the provider; empty before, and for older turns. */
    static String inputsSent(Turn turn, Words words) {
        Long sent = turn.inputBytesSent();
        return sent == null || sent == 0 ? "" : " · " + words.say("turn.inputsSent", "size", size(sent));
    }

    /** "512 B", "3.1 KB", "4.2 MB" (1 KB = 1024 bytes). */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    /** {@code costMicros}: what the turn cost, or for one that has not ended what it is expected to cost. */
    static String parameters(Turn turn, long costMicros) {
        TurnParams p = turn.params();
        return "status " + turn.status().wireName() + " · model " + p.model().id() + " · seed " + p.seed()
                + " · " + p.numImages() + " variant(s) · aspect " + (p.aspectRatio() == null ? "input" : p.aspectRatio().wireName())
                + " · guidance " + p.guidanceScale() + " · " + p.outputFormat().wireName() + " · safety " + p.safetyTolerance()
                + (p.enhancePrompt() ? " · enhanced" : "") + (turn.references().isEmpty() ? "" : " · " + references(turn))
                + " · cost " + (turn.status().isFinal() ? cost(costMicros) : expectedCost(costMicros))
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
        List<String> steps = new ArrayList<>(List.of(withReferences("turn " + snapshot.number(turn.id()), turn)));
        ImageId image = turn.parent();
        while (image != null && madeBy.containsKey(image) && steps.size() < 50) {
            steps.add(withReferences(madeBy.get(image), turnOf.get(image)));
            image = turnOf.get(image).parent();
        }
        steps.add(image == null ? "text" : "source");
        Collections.reverse(steps);
        return String.join(" → ", steps);
    }

    private static String withReferences(String step, Turn turn) {
        return turn.references().isEmpty() ? step : step + " (" + references(turn) + ")";
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
