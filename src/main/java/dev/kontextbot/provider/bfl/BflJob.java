package dev.kontextbot.provider.bfl;

import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.Shortfall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A BFL turn's job token: one task per variant (BFL has no num_images), each with what became of it so far. The
 * engine stores it again whenever a task ends ({@link PollOutcome.Progress}), so after a restart a delivered task is
 * not fetched again (its result URL may work only once) and a refused one is still named in the turn's shortfall.
 */
record BflJob(List<Task> tasks) {
    private static final int NOTE_CHARS = 300;

    BflJob {
        tasks = List.copyOf(tasks);
    }

    enum State {
        /** Not accepted yet: the submit was refused for now ({@code note} says how); the engine may send it again. */
        UNSENT,
        /** Refused for good at submit ({@code note}: the provider's words). */
        REFUSED,
        RUNNING,
        /** Its image was handed to the engine, which stored it. */
        DELIVERED,
        /** Ended without an image ({@code kind}, {@code note}). */
        LOST
    }

    /** {@code credits}: what BFL's submit reply said the task costs (1 credit = $0.01); null when it did not say. */
    record Task(String id, String pollingUrl, long seed, State state, FailureKind kind, String note, Double credits) {
        Task {
            if (state == null) {
                // Tokens written before tasks had a state listed only the tasks that had started.
                state = id == null ? State.UNSENT : State.RUNNING;
            }
            if (note != null && note.length() > NOTE_CHARS) {
                note = note.substring(0, NOTE_CHARS - 1) + "…";
            }
        }

        Task running(String taskId, String url, Double cost) {
            return new Task(taskId, url, seed, State.RUNNING, null, null, cost);
        }

        Task unsent(String reason) {
            return new Task(null, null, seed, State.UNSENT, FailureKind.UNAVAILABLE, reason, null);
        }

        Task refused(FailureKind failure, String message) {
            return new Task(null, null, seed, State.REFUSED, failure, message, null);
        }

        Task delivered() {
            return new Task(id, pollingUrl, seed, State.DELIVERED, null, null, credits);
        }

        Task lost(FailureKind failure, String message) {
            return new Task(id, pollingUrl, seed, State.LOST, failure, message, credits);
        }

        /** What became of a variant that did not arrive, as the shortfall names it. */
        private String fate() {
            return switch (state) {
                case UNSENT, REFUSED -> "refused by the provider: " + note;
                case LOST -> kind == FailureKind.MODERATED ? "flagged by BFL's safety filter" : "lost: " + note;
                case RUNNING, DELIVERED -> throw new IllegalStateException("task " + id + " is " + state + ", not missing");
            };
        }
    }

    /** A new turn's tasks, none sent yet: seeds s, s+1, … */
    static BflJob of(TurnParams params) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < params.numImages(); i++) {
            tasks.add(new Task(null, null, params.seedOf(i), State.UNSENT, null, null, null));
        }
        return new BflJob(tasks);
    }

    BflJob with(int index, UnaryOperator<Task> change) {
        List<Task> changed = new ArrayList<>(tasks);
        changed.set(index, change.apply(tasks.get(index)));
        return new BflJob(changed);
    }

    /** Every task not sent yet, with why the service refused them for now. */
    BflJob unsentBecause(String reason) {
        return new BflJob(tasks.stream().map(task -> task.state() == State.UNSENT ? task.unsent(reason) : task).toList());
    }

    boolean anyStarted() {
        return tasks.stream().anyMatch(task -> task.id() != null);
    }

    boolean anyRunning() {
        return tasks.stream().anyMatch(task -> task.state() == State.RUNNING);
    }

    private long delivered() {
        return tasks.stream().filter(task -> task.state() == State.DELIVERED).count();
    }

    /**
     * Every task has ended (an unsent one is given up: the engine polls only when it no longer sends): the turn is done
     * with {@code images} (the rest were handed over before) and a shortfall, or, when nothing arrived, failed.
     */
    PollOutcome ended(List<dev.kontextbot.engine.port.GeneratedImage> images) {
        List<Task> missing = tasks.stream().filter(task -> task.state() != State.DELIVERED).toList();
        if (delivered() == 0) {
            Task telling = missing.stream().filter(task -> task.kind() == FailureKind.MODERATED).findFirst().orElse(missing.get(0));
            return telling.state() == State.UNSENT
                    ? new PollOutcome.Failed(FailureKind.UNAVAILABLE, "BFL did not accept the edit (" + telling.note() + "). Try again in a few minutes.")
                    : new PollOutcome.Failed(telling.kind(), telling.note());
        }
        Optional<String> shortfall = missing.isEmpty() ? Optional.empty()
                : Optional.of(Shortfall.describe((int) delivered(), tasks.size(), missing.stream().map(Task::fate).toList()));
        return new PollOutcome.Completed(images, shortfall, reportedCost());
    }

    /**
     * What BFL said the delivered tasks cost, in micro-dollars (a credit is $0.01); empty when any of them did not say,
     * so the engine records its estimate instead of a part. Moderated and lost tasks are not charged.
     */
    private java.util.OptionalLong reportedCost() {
        List<Task> delivered = tasks.stream().filter(task -> task.state() == State.DELIVERED).toList();
        if (delivered.stream().anyMatch(task -> task.credits() == null)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Math.round(delivered.stream().mapToDouble(Task::credits).sum() * 10_000));
    }
}
