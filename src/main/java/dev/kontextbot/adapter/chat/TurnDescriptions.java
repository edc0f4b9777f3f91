package dev.kontextbot.adapter.chat;

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
    private static final TurnFailureWords FAILURES = new TurnFailureWords();

    public TurnDescriptions(ConversationEngine engine) {
        this.engine = engine;
    }

    /** How a running turn's stage reads in chat: {@code emoji} and {@code words} ("Generating…"). */
    public record Progress(String emoji, String words) {
    }

    /**
     * The one place a provider's progress becomes words: "Queued at fal (#3)…" while the service holds the job in its own
     * queue (cold starts there take seconds), "Generating 45% (9/20 steps)…" as far as the service says, else "Generating…".
     */
    public static Progress progress(Words words, JobProgress progress) {
        if (progress instanceof JobProgress.Queued queued) {
            return new Progress("⏳", queued.position().isPresent()
                    ? words.say("progress.queuedAt", "service", queued.service(), "position", queued.position().getAsInt())
                    : words.say("progress.queued", "service", queued.service()));
        }
        if (progress instanceof JobProgress.Generating generating && generating.percent().isPresent()) {
            int percent = generating.percent().getAsInt();
            return new Progress("🎨", generating.steps()
                    .map(steps -> words.say("progress.generatingSteps", "percent", percent, "done", steps.done(), "total", steps.total()))
                    .orElseGet(() -> words.say("progress.generatingPercent", "percent", percent)));
        }
        return new Progress("🎨", words.say("progress.generating"));
    }

    /** "$0.04", or "free" for the offline editor. */
    public static String cost(Words words, long micros) {
        return micros == 0 ? words.say("cost.free") : String.format(Locale.ROOT, "$%.2f", micros / 1_000_000.0);
    }

    /** " · about $0.16" for a turn that costs money, shown before it runs; empty when it is free. */
    public static String estimate(Words words, long micros) {
        return micros == 0 ? "" : " · " + expectedCost(words, micros);
    }

    /** "about $0.16", or "free": what a turn that has not ended is expected to cost. */
    private static String expectedCost(Words words, long micros) {
        return micros == 0 ? cost(words, micros) : words.say("cost.about", "cost", cost(words, micros));
    }

    /**
     * The one sentence that says what the numbers in a turn with references mean ("Image 1 is the current picture;
     * images 2 and 3 are the ones you attached."), so the person can name them in the instruction; empty without references.
     */
    public static Optional<String> inputs(Words words, Turn turn) {
        int count = turn.references().size();
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of(words.say("inputs.sentence", "count", count, "numbers", numbers(words, count)));
    }

    /** What a person hears when images they sent without an instruction made the first of them the head. */
    public static String headReplaced(Words words, int images) {
        return words.say("head.replaced", "images", images);
    }

    /** "with image 2, image 3" for a turn's references, as lineage and info list them; empty without references. */
    public static String references(Words words, Turn turn) {
        return dev.kontextbot.adapter.picture.ReferenceNames.of(words, turn);
    }

    /** "2 and 3", "2, 3 and 4": the numbers of a turn's references. */
    private static String numbers(Words words, int references) {
        List<String> numbers = java.util.stream.IntStream.rangeClosed(2, references + 1).mapToObj(String::valueOf).toList();
        return words.say("list.and", "first", String.join(", ", numbers.subList(0, numbers.size() - 1)), "last", numbers.get(numbers.size() - 1));
    }

    /** Every parameter of the turn in one line, with its status and cost (expected cost while it has not ended). */
    public String parameters(Words words, Turn turn) {
        return parameters(words, turn, turn.status().isFinal() ? turn.costMicros() : engine.estimateMicros(turn)) + inputsSent(turn, words);
    }

    /** " · inputs sent 3.1 KB" once the turn sent anything to the provider; empty before, and for older turns. */
    static String inputsSent(Turn turn, Words words) {
        Long sent = turn.inputBytesSent();
        return sent == null || sent == 0 ? "" : " · " + words.say("turn.inputsSent", "size", size(words, sent));
    }

    /** "512 B", "3.1 KB", "4.2 MB" (1 KB = 1024 bytes), with the reader's decimal mark. */
    static String size(Words words, long bytes) {
        if (bytes < 1024) {
            return words.say("size.bytes", "size", bytes);
        }
        return bytes < 1024 * 1024 ? words.say("size.kilobytes", "size", bytes / 1024.0)
                : words.say("size.megabytes", "size", bytes / (1024.0 * 1024));
    }

    /** {@code costMicros}: what the turn cost, or for one that has not ended what it is expected to cost. */
    static String parameters(Words words, Turn turn, long costMicros) {
        TurnParams p = turn.params();
        List<String> parts = new ArrayList<>(List.of(
                words.say("param.status", "status", turn.status().wireName()),
                words.say("param.model", "model", p.model().id()),
                words.say("param.seed", "seed", String.valueOf(p.seed())),
                words.say("param.variants", "count", p.numImages()),
                words.say("param.aspect", "aspect", p.aspectRatio() == null ? words.say("param.aspectInput") : p.aspectRatio().wireName()),
                words.say("param.guidance", "guidance", String.valueOf(p.guidanceScale())),
                p.outputFormat().wireName(),
                words.say("param.safety", "safety", p.safetyTolerance())));
        if (p.enhancePrompt()) {
            parts.add(words.say("param.enhanced"));
        }
        if (!turn.references().isEmpty()) {
            parts.add(references(words, turn));
        }
        parts.add(words.say("param.cost", "cost", turn.status().isFinal() ? cost(words, costMicros) : expectedCost(words, costMicros)));
        FAILURES.shortfall(turn, words).ifPresent(parts::add);
        return String.join(" · ", parts);
    }

    /** Back from this turn's input to the session's source: which turn and variant made each image. */
    public String lineage(Words words, Turn turn) {
        SessionSnapshot snapshot = engine.snapshot(turn.sessionId());
        Map<ImageId, String> madeBy = new HashMap<>();
        Map<ImageId, Turn> turnOf = new HashMap<>();
        List<SessionSnapshot.TurnSnapshot> turns = snapshot.turns();
        for (int i = 0; i < turns.size(); i++) {
            SessionSnapshot.TurnSnapshot t = turns.get(i);
            for (Variant variant : t.variants()) {
                // A turn's number is its place in the session's turns.
                madeBy.put(variant.context(), words.say("lineage.variant", "turn", i + 1, "variant", variant.index() + 1));
                turnOf.put(variant.context(), t.turn());
            }
        }
        List<String> steps = new ArrayList<>(List.of(withReferences(words, words.say("lineage.turn", "turn", snapshot.number(turn.id())), turn)));
        ImageId image = turn.parent();
        while (image != null && madeBy.containsKey(image) && steps.size() < 50) {
            steps.add(withReferences(words, madeBy.get(image), turnOf.get(image)));
            image = turnOf.get(image).parent();
        }
        steps.add(words.say(image == null ? "lineage.text" : "lineage.source"));
        Collections.reverse(steps);
        return String.join(" → ", steps);
    }

    private static String withReferences(Words words, String step, Turn turn) {
        return turn.references().isEmpty() ? step : step + " (" + references(words, turn) + ")";
    }

    /** Which variant (and of which instruction) the session's head is; {@code quote} renders the prompt. */
    public String head(Words words, long sessionId, java.util.function.UnaryOperator<String> quote) {
        SessionSnapshot snapshot = engine.snapshot(sessionId);
        for (SessionSnapshot.TurnSnapshot t : snapshot.turns()) {
            for (Variant variant : t.variants()) {
                if (variant.context().equals(snapshot.session().head())) {
                    return words.say("head.variant", "variant", variant.index() + 1, "prompt", quote.apply(t.turn().prompt()));
                }
            }
        }
        return words.say("head.original");
    }
}
