package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.chat.TurnFailureWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.SessionReview;
import dev.kontextbot.engine.review.VariantScore;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Sessions and turns as the API shows them, with the product's parameter names. */
final class SessionJson {
    private final TurnFailureWords failures = new TurnFailureWords();
    private final Function<Long, java.util.Optional<dev.kontextbot.engine.port.JobProgress>> progress;

    SessionJson() {
        this(turnId -> java.util.Optional.empty());
    }

    /** {@code progress}: the latest progress the provider reported for a running turn. */
    SessionJson(Function<Long, java.util.Optional<dev.kontextbot.engine.port.JobProgress>> progress) {
        this.progress = progress;
    }

    Map<String, Object> session(Words words, SessionReview review, String provider) {
        return session(words, review, provider, null);
    }

    /**
     * {@code branchSessions}: when not null, each variant also carries the sessions branched from it, as this
     * function renders them (the gallery's tree).
     */
    Map<String, Object> session(Words words, SessionReview review, String provider, Function<Long, Map<String, Object>> branchSessions) {
        SessionSnapshot snapshot = review.snapshot();
        Session s = snapshot.session();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("head", id(s.head()));
        json.put("head_url", url(s.head()));
        json.put("source", id(s.source()));
        json.put("provider", provider);
        json.put("created_at", s.createdAt().toString());
        if (s.branchedFrom() != null) {
            SessionSnapshot.BranchOrigin origin = snapshot.origin();
            Map<String, Object> from = new LinkedHashMap<>();
            from.put("session", origin == null ? null : origin.session());
            from.put("turn", s.branchedFrom().turnId());
            // What people read: the turn's number in the session it came from (the id above names it in requests).
            from.put("turn_number", origin == null ? null : origin.turn());
            from.put("variant", s.branchedFrom().index());
            json.put("branched_from", from);
        }
        json.put("drift", review.drift().map(SessionJson::drift).orElse(null));
        json.put("timeline_url", "/api/sessions/" + s.id() + "/timeline.png");
        json.put("before_after_url", "/api/sessions/" + s.id() + "/before-after.png");
        json.put("export_url", "/api/sessions/" + s.id() + "/export.zip");
        json.put("total_cost_usd", snapshot.turns().stream().mapToLong(t -> t.turn().costMicros()).sum() / 1_000_000.0);
        List<SessionSnapshot.TurnSnapshot> turns = snapshot.turns();
        // A turn's number is its place in the session's turns: this list, in order.
        json.put("turns", IntStream.range(0, turns.size()).mapToObj(i -> {
            SessionSnapshot.TurnSnapshot t = turns.get(i);
            Map<String, Object> turn = turn(words, t.turn(), i + 1, t.variants(), t.picked(), s.head(), review.scores());
            addBranches(turn, review.branches(), branchSessions);
            return turn;
        }).toList());
        return json;
    }

    /** {@code number}: the turn's place in its session ({@link SessionSnapshot#number}). */
    Map<String, Object> turn(Words words, Turn turn, int number, List<Variant> variants, Integer picked, ImageId head) {
        return turn(words, turn, number, variants, picked, head, Map.of());
    }

    /** Each variant's branches: their ids, and with a renderer the sessions themselves. */
    @SuppressWarnings("unchecked")
    private static void addBranches(Map<String, Object> turn, Map<VariantRef, List<Long>> branches,
                                    Function<Long, Map<String, Object>> branchSessions) {
        long turnId = (long) turn.get("id");
        for (Map<String, Object> variant : (List<Map<String, Object>>) turn.get("variants")) {
            List<Long> ids = branches.getOrDefault(new VariantRef(turnId, (int) variant.get("index")), List.of());
            variant.put("branches", ids);
            if (branchSessions != null) {
                variant.put("branch_sessions", ids.stream().map(branchSessions).filter(java.util.Objects::nonNull).toList());
            }
        }
    }

    private Map<String, Object> turn(Words words, Turn turn, int number, List<Variant> variants, Integer picked, ImageId head,
                                     Map<VariantRef, VariantScore> scores) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", turn.id());
        json.put("number", number);
        json.put("session", turn.sessionId());
        json.put("kind", turn.kind().wireName());
        json.put("status", turn.status().wireName());
        json.put("prompt", turn.prompt());
        json.put("params", params(turn.params()));
        json.put("parent", id(turn.parent()));
        // Images 2..N of the turn, numbered as its instruction names them.
        json.put("references", IntStream.range(0, turn.references().size()).mapToObj(i -> {
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("number", i + 2);
            reference.put("image", turn.references().get(i).sha256());
            reference.put("image_url", url(turn.references().get(i)));
            return reference;
        }).toList());
        dev.kontextbot.adapter.chat.TurnDescriptions.inputs(words, turn).ifPresent(inputs -> json.put("inputs", inputs));
        if (turn.rerolledFrom() != null) {
            json.put("rerolled_from", turn.rerolledFrom());
        }
        Optional<String> shortfall = failures.shortfall(turn, words);
        if (shortfall.isPresent()) {
            // A done turn with fewer variants is no error: clients that show "error" as a failure must not see one.
            json.put("shortfall", shortfall.get());
        } else if (turn.errorMessage() != null) {
            // In the reader's language: the stored English is for logs and older readers.
            json.put("error", Map.of("code", turn.errorCode(), "message", failures.why(turn, words)));
        }
        json.put("cost_usd", turn.costMicros() / 1_000_000.0);
        if (turn.inputBytesSent() != null) {
            json.put("input_bytes_sent", turn.inputBytesSent());
        }
        json.put("created_at", turn.createdAt().toString());
        json.put("elapsed_ms", elapsed(turn));
        if (!turn.status().isFinal()) {
            progress.apply(turn.id()).ifPresent(p -> json.put("progress", RunningProgress.json(words, p)));
        }
        json.put("variants", variants.stream().map(v -> {
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("index", v.index());
            variant.put("image", v.image().sha256());
            variant.put("image_url", url(v.image()));
            variant.put("seed", v.seed());
            variant.put("votes", v.votes());
            variant.put("picked", picked != null && picked == v.index());
            variant.put("head", v.context().equals(head));
            variant.put("score", score(scores.get(v.ref())));
            return variant;
        }).toList());
        return json;
    }

    static Map<String, Object> params(TurnParams p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", p.model().id());
        json.put("aspect_ratio", p.aspectRatio() == null ? null : p.aspectRatio().wireName());
        json.put("num_images", p.numImages());
        json.put("guidance_scale", p.guidanceScale());
        json.put("output_format", p.outputFormat().wireName());
        json.put("safety_tolerance", p.safetyTolerance());
        json.put("enhance_prompt", p.enhancePrompt());
        json.put("seed", p.seed());
        return json;
    }

    /** The parameters a turn gets when it gives none, over {@code defaults}; without a seed (each turn draws one). */
    static Map<String, Object> defaults(ParamOverrides defaults) {
        Map<String, Object> json = params(defaults.resolve(() -> 0L));
        json.remove("seed");
        return json;
    }

    /** What a variant kept of its parent (docs/playground.md, "Fidelity score"); null when it has no score. */
    private static Map<String, Object> score(VariantScore score) {
        if (score == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fidelity", score.fidelity());
        json.put("source_fidelity", score.sourceFidelity());
        json.put("flags", score.flags().stream().sorted().map(QualityFlag::wireName).toList());
        return json;
    }

    private static Map<String, Object> drift(Drift drift) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source_fidelity", drift.sourceFidelity());
        json.put("edits", drift.edits());
        json.put("identity_drift", drift.identityDrift());
        return json;
    }

    private static long elapsed(Turn turn) {
        if (turn.startedAt() == null) {
            return 0;
        }
        Instant end = turn.finishedAt() != null ? turn.finishedAt() : Instant.now();
        return Duration.between(turn.startedAt(), end).toMillis();
    }

    private static String id(ImageId image) {
        return image == null ? null : image.sha256();
    }

    private static String url(ImageId image) {
        return image == null ? null : "/api/images/" + image.sha256();
    }
}
