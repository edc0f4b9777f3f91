package dev.kontextbot.engine.port;

import java.time.Duration;
import java.util.List;

public sealed interface SubmitOutcome {

    /** Accepted; poll with this token. */
    record Submitted(String job) implements SubmitOutcome {
    }

    /** Finished at once (local or synchronous providers). */
    record Finished(List<GeneratedImage> images) implements SubmitOutcome {
    }

    /** Nothing was started (5xx, 429, network); {@code after} is the service's Retry-After, or null to let the engine back off. */
    record RetryLater(Duration after, String reason) implements SubmitOutcome {
    }

    /** Refused for good; {@code message} is for the user. */
    record Rejected(FailureKind kind, String message) implements SubmitOutcome {
    }
}
