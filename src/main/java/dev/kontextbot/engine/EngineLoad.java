package dev.kontextbot.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * What the engine is doing now, in plain numbers for whoever watches it (metrics, health): {@code queuedTurns} wait in
 * the database for any instance; {@code runningTurns} are held by this instance; {@code busyWorkers} of
 * {@code workerThreads} are busy and {@code workerBacklog} tasks wait for one; {@code circuitOpenFor} is how long new
 * turns are still refused because the provider kept failing (empty: closed).
 */
public record EngineLoad(int queuedTurns, int runningTurns, int busyWorkers, int workerThreads, int workerBacklog,
                         Optional<Duration> circuitOpenFor) {
}
