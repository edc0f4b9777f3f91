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

    /** Nothing was started; try again after {@code after} (5xx, 429; Retry-After honoured). */
    record RetryLater(Duration after, String reason) implements SubmitOutcome {
    }

    /** Refused for good; {@code message} is for the user. */
    record Rejected(FailureKind kind, String message) implements SubmitOutcome {
    }
}
