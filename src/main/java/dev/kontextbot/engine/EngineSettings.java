package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ParamOverrides;

import java.time.Duration;

/**
 * @param workerThreads  bounded pool for submissions, polls and result downloads
 * @param pollInterval   longest pause between two looks at a running job (sooner where such jobs usually finish:
 *                       see {@link PollSchedule})
 * @param turnDeadline   a turn still running this long after it started ends as timed out
 * @param maxPromptLength longest instruction accepted, in characters
 * @param retry          backoff for provider calls that said "not now"
 * @param defaults       parameters a new session starts with, under what its first command gives
 * @param votesToPick    a variant with this many votes becomes the head; 0 leaves picking to people
 * @param circuitFailures "not now" answers in a row that open the circuit (0: never)
 * @param circuitOpenFor how long an open circuit refuses new turns
 * @param quotas         per-person and per-tenant limits
 * @param unknownStatusPatience how long a job may answer a status nobody expected (over a few looks) before its turn ends
 */
public record EngineSettings(int workerThreads, Duration pollInterval, Duration turnDeadline, int maxPromptLength,
                             RetryPolicy retry, ParamOverrides defaults, int votesToPick, int circuitFailures,
                             Duration circuitOpenFor, Quotas quotas, Duration unknownStatusPatience) {

    public static final Duration DEFAULT_UNKNOWN_STATUS_PATIENCE = Duration.ofMinutes(1);

    public EngineSettings(int workerThreads, Duration pollInterval, Duration turnDeadline, int maxPromptLength, RetryPolicy retry,
                          ParamOverrides defaults, int votesToPick, int circuitFailures, Duration circuitOpenFor, Quotas quotas) {
        this(workerThreads, pollInterval, turnDeadline, maxPromptLength, retry, defaults, votesToPick, circuitFailures, circuitOpenFor,
                quotas, DEFAULT_UNKNOWN_STATUS_PATIENCE);
    }

    /** These settings with the circuit breaker as given. */
    public EngineSettings withCircuit(int failures, Duration openFor) {
        return new EngineSettings(workerThreads, pollInterval, turnDeadline, maxPromptLength, retry, defaults, votesToPick, failures, openFor,
                quotas, unknownStatusPatience);
    }

    /** These settings with other quotas. */
    public EngineSettings withQuotas(Quotas newQuotas) {
        return new EngineSettings(workerThreads, pollInterval, turnDeadline, maxPromptLength, retry, defaults, votesToPick,
                circuitFailures, circuitOpenFor, newQuotas, unknownStatusPatience);
    }

    /** These settings with another patience for statuses nobody expected. */
    public EngineSettings withUnknownStatusPatience(Duration patience) {
        return new EngineSettings(workerThreads, pollInterval, turnDeadline, maxPromptLength, retry, defaults, votesToPick,
                circuitFailures, circuitOpenFor, quotas, patience);
    }
    public EngineSettings {
        if (workerThreads < 1) {
            throw new IllegalArgumentException("engine.worker-threads must be at least 1");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("engine.poll-interval must be positive");
        }
        if (turnDeadline.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("engine.turn-deadline must be longer than engine.poll-interval");
        }
        if (circuitFailures < 0 || circuitOpenFor.isNegative()) {
            throw new IllegalArgumentException("engine.circuit settings must not be negative");
        }
        if (votesToPick < 0) {
            throw new IllegalArgumentException("engine.votes-to-pick must not be negative");
        }
        if (unknownStatusPatience == null || unknownStatusPatience.isNegative()) {
            throw new IllegalArgumentException("engine.unknown-status-patience must not be negative");
        }
        if (maxPromptLength < 1) {
            throw new IllegalArgumentException("engine.max-prompt-length must be positive");
        }
    }
}
