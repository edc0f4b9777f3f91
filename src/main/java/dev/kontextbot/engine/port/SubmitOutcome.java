package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ProviderFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public sealed interface SubmitOutcome {

    /**
     * Accepted; poll with this token. {@code unsent}: part of the work (the 2nd of 4 tasks, say) was refused for now;
     * the engine stores the job, waits as for {@link RetryLater}, and submits again with the job as {@link
     * EditRequest#started()}, so only what is missing is sent. When the retries run out it polls what was started.
     */
    record Submitted(String job, Optional<RetryLater> unsent) implements SubmitOutcome {
        public Submitted(String job) {
            this(job, Optional.empty());
        }
    }

    /**
     * Finished at once (local or synchronous providers). {@code shortfall}, as {@link PollOutcome.Completed}'s: what the
     * images lack (fewer variants, or part of the instruction not done: {@link ProviderFailure.PartlyDone}); empty when
     * nothing.
     */
    record Finished(List<GeneratedImage> images, Optional<ProviderFailure> shortfall) implements SubmitOutcome {
        public Finished {
            images = List.copyOf(images);
        }

        public Finished(List<GeneratedImage> images) {
            this(images, Optional.empty());
        }
    }

    /** Nothing was started (5xx, 429, network); {@code after} is the service's Retry-After, or null to let the engine back off. */
    record RetryLater(Duration after, ProviderFailure reason) implements SubmitOutcome {
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
        }

        /** A reason already in words (a test's fake service). */
        public RetryLater(Duration after, String reason) {
            this(after, new ProviderFailure.Worded(reason));
        }
    }

    /** Refused for good: {@code kind} for the engine's decisions, {@code failure} for the words the person reads. */
    record Rejected(FailureKind kind, ProviderFailure failure) implements SubmitOutcome {
        public Rejected {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(failure, "failure");
        }
    }
}
