package dev.kontextbot.provider.replicate;

import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.Shortfall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A Replicate turn's job token: one prediction per variant (Kontext makes one image a prediction), each with its
 * {@code urls.get} / {@code urls.cancel} and what became of it. Stored again whenever one ends, so a fresh instance
 * polls what runs and never creates a prediction twice, and a delivered one is not fetched again.
 */
record ReplicateJob(List<Prediction> predictions) {
    private static final int NOTE_CHARS = 300;

    ReplicateJob {
        predictions = List.copyOf(predictions);
    }

    enum State {
        /** Not created yet: the create request was refused for now ({@code note}); the engine may send it again. */
        UNSENT,
        /** Refused for good when created ({@code note}: Replicate's words). */
        REFUSED,
        RUNNING,
        /** Its images were handed to the engine, which stored them. */
        DELIVERED,
        /** Ended without an image ({@code kind}, {@code note}). */
        LOST
    }

    /**
     * {@code outputs}: the result URLs when the create answer already held them ({@code Prefer: wait} saw it finish), so
     * the first poll downloads them without asking again; null until known.
     */
    record Prediction(String id, String getUrl, String cancelUrl, long seed, State state, FailureKind kind, String note,
                      List<String> outputs) {
        Prediction {
            if (note != null && note.length() > NOTE_CHARS) {
                note = note.substring(0, NOTE_CHARS - 1) + "…";
            }
            outputs = outputs == null ? null : List.copyOf(outputs);
        }

        Prediction running(String predictionId, String get, String cancel, List<String> ready) {
            return new Prediction(predictionId, get, cancel, seed, State.RUNNING, null, null, ready);
        }

        Prediction unsent(String reason) {
            return new Prediction(null, null, null, seed, State.UNSENT, FailureKind.UNAVAILABLE, reason, null);
        }

        Prediction refused(FailureKind failure, String message) {
            return new Prediction(null, null, null, seed, State.REFUSED, failure, message, null);
        }

        Prediction delivered() {
            return new Prediction(id, getUrl, cancelUrl, seed, State.DELIVERED, null, null, null);
        }

        Prediction lost(FailureKind failure, String message) {
            return new Prediction(id, getUrl, cancelUrl, seed, State.LOST, failure, message, null);
        }

        /** What became of a variant that did not arrive, as the shortfall names it. */
        private String fate() {
            return switch (state) {
                case UNSENT, REFUSED -> "refused by the provider: " + note;
                case LOST -> switch (kind) {
                    case MODERATED -> "flagged by Replicate's safety filter";
                    case CANCELLED -> "cancelled at Replicate";
                    default -> "lost: " + note;
                };
                case RUNNING, DELIVERED -> throw new IllegalStateException("prediction " + id + " is " + state + ", not missing");
            };
        }
    }

    /** A new turn's predictions, none created yet: seeds s, s+1, … */
    static ReplicateJob of(TurnParams params) {
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < params.numImages(); i++) {
            predictions.add(new Prediction(null, null, null, params.seedOf(i), State.UNSENT, null, null, null));
        }
        return new ReplicateJob(predictions);
    }

    ReplicateJob with(int index, UnaryOperator<Prediction> change) {
        List<Prediction> changed = new ArrayList<>(predictions);
        changed.set(index, change.apply(predictions.get(index)));
        return new ReplicateJob(changed);
    }

    ReplicateJob unsentBecause(String reason) {
        return new ReplicateJob(predictions.stream().map(p -> p.state() == State.UNSENT ? p.unsent(reason) : p).toList());
    }

    boolean anyStarted() {
        return predictions.stream().anyMatch(p -> p.id() != null);
    }

    boolean anyRunning() {
        return predictions.stream().anyMatch(p -> p.state() == State.RUNNING);
    }

    /**
     * Every prediction has ended (an unsent one is given up: the engine polls only when it no longer sends): done with
     * {@code images} (the rest were handed over before) and a shortfall, or, when nothing arrived, failed.
     */
    PollOutcome ended(List<GeneratedImage> images) {
        List<Prediction> missing = predictions.stream().filter(p -> p.state() != State.DELIVERED).toList();
        long delivered = predictions.size() - missing.size();
        if (delivered == 0) {
            Prediction telling = missing.stream().filter(p -> p.kind() == FailureKind.MODERATED).findFirst().orElse(missing.get(0));
            return telling.state() == State.UNSENT
                    ? new PollOutcome.Failed(FailureKind.UNAVAILABLE, "Replicate did not accept the edit (" + telling.note() + "). Try again in a few minutes.")
                    : new PollOutcome.Failed(telling.kind(), telling.note());
        }
        return new PollOutcome.Completed(images, missing.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(Shortfall.describe((int) delivered, predictions.size(), missing.stream().map(Prediction::fate).toList())));
    }
}
