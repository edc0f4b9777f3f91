package dev.kontextbot.engine.port;

import java.time.Duration;
import java.util.List;

public sealed interface PollOutcome {

    /** Still working; {@code stage} is a short word such as "queued" or "running", queuePosition -1 if unknown. */
    record Pending(String stage, int queuePosition) implements PollOutcome {
    }

    /** Done; the images were already downloaded (provider result URLs expire). */
    record Completed(List<GeneratedImage> images) implements PollOutcome {
    }

    /** The provider could not answer this time (5xx, 429, network); {@code after} is its Retry-After, or null. */
    record RetryLater(Duration after, String reason) implements PollOutcome {
    }

    /** Ended without images; {@code message} is for the user. */
    record Failed(FailureKind kind, String message) implements PollOutcome {
    }
}
