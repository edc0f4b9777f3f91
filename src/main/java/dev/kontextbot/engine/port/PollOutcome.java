package dev.kontextbot.engine.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

public sealed interface PollOutcome {

    /**
     * Still working; {@code stage} is short: "running", or "queued …" while the service holds the job in its own queue
     * ("queued at Runflow"); queuePosition -1 if unknown.
     */
    record Pending(String stage, int queuePosition) implements PollOutcome {
    }

    /**
     * Done; the images were already downloaded (provider result URLs expire). {@code shortfall} says, in words for
     * the user, why fewer variants arrived than were asked for ("3 of 4 variants; 1 was refused by the provider:
     * …"); empty when every variant arrived. A turn never ends with fewer variants without saying so.
     */
    record Completed(List<GeneratedImage> images, Optional<String> shortfall) implements PollOutcome {
        public Completed {
            images = List.copyOf(images);
        }

        public Completed(List<GeneratedImage> images) {
            this(images, Optional.empty());
        }
    }

    /** The provider could not answer this time (5xx, 429, network); {@code after} is its Retry-After, or null. */
    record RetryLater(Duration after, String reason) implements PollOutcome {
    }

    /** Ended without images; {@code message} is for the user. */
    record Failed(FailureKind kind, String message) implements PollOutcome {
    }
}
