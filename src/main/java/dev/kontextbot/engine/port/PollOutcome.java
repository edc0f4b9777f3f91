package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ProviderFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public sealed interface PollOutcome {

    /** Still working, as far as {@code progress} says. */
    record Pending(JobProgress progress) implements PollOutcome {
        /** Working, nothing more known. */
        public static Pending running() {
            return new Pending(JobProgress.Generating.started());
        }

        /** In {@code service}'s own queue; a position below 1 means unknown. */
        public static Pending queued(String service, int position) {
            return new Pending(JobProgress.Queued.at(service, position));
        }
    }

    /**
     * Done; the images were already downloaded (provider result URLs expire). {@code shortfall} says why fewer variants
     * arrived than were asked for ({@link ProviderFailure.FellShort}: "3 of 4 variants; 1 was refused by the provider:
     * …" in words); empty when every variant arrived. A turn never ends with fewer variants without saying so. After a
     * {@link Progress}, {@code images} are only those not handed over before: the engine adds the ones it stored.
     * {@code reportedCostMicros}: what the service said the whole job cost (BFL's {@code cost}), recorded instead of the
     * catalogue's estimate; empty when it did not say.
     */
    record Completed(List<GeneratedImage> images, Optional<ProviderFailure> shortfall, java.util.OptionalLong reportedCostMicros) implements PollOutcome {
        public Completed {
            images = List.copyOf(images);
        }

        public Completed(List<GeneratedImage> images, Optional<ProviderFailure> shortfall) {
            this(images, shortfall, java.util.OptionalLong.empty());
        }

        public Completed(List<GeneratedImage> images) {
            this(images, Optional.empty());
        }
    }

    /**
     * Some variants of the job arrived (or some of its tasks ended) while others still run. The engine stores
     * {@code images} at once, together with {@code job}: the token to poll from now on, which no longer asks for them.
     * So a restart between two polls neither loses them nor fetches them again (a result URL may work only once).
     */
    record Progress(List<GeneratedImage> images, String job, boolean resend) implements PollOutcome {
        public Progress {
            images = List.copyOf(images);
        }

        public Progress(List<GeneratedImage> images, String job) {
            this(images, job, false);
        }

        /**
         * As well as storing {@code job}, the engine sends its rest again ({@link EditRequest#started()}), as after a
         * {@link SubmitOutcome.Submitted} with unsent parts: a part ended without starting because the service could not
         * fetch a URL input, and the provider sends it once more with bytes.
         */
        public static Progress resending(List<GeneratedImage> images, String job) {
            return new Progress(images, job, true);
        }
    }

    /**
     * The service answered a status this client does not know. The engine keeps looking for a short while (it may be
     * a new word for "still working"), then ends the turn saying so; one rule for every provider.
     */
    record Unrecognised(String status) implements PollOutcome {
    }

    /** The provider could not answer this time (5xx, 429, network); {@code after} is its Retry-After, or null. */
    record RetryLater(Duration after, ProviderFailure reason) implements PollOutcome {
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
        }

        /** A reason already in words (a test's fake service). */
        public RetryLater(Duration after, String reason) {
            this(after, new ProviderFailure.Worded(reason));
        }
    }

    /** Ended without images: {@code kind} for the engine's decisions, {@code failure} for the words the person reads. */
    record Failed(FailureKind kind, ProviderFailure failure) implements PollOutcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(failure, "failure");
        }
    }
}
