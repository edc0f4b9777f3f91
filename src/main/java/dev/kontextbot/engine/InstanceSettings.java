package dev.kontextbot.engine;

import java.time.Duration;

/**
 * This engine among the bot instances that share one database.
 *
 * @param id    names this instance on the turns it holds; a new one per process, so a restart is a new instance
 * @param lease how long a running turn stays this instance's without renewal; renewed every third of it while the
 *              instance works on the turn, and taken over by another instance once it has run out
 * @param sole  no other instance can use the database (embedded H2 locks its file for one process): every running
 *              turn found at start belongs to a process that is gone, and is taken over at once
 */
public record InstanceSettings(String id, Duration lease, boolean sole) {
    public InstanceSettings {
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException("engine.instance-id must be 1 to 128 characters");
        }
        if (lease == null || lease.toMillis() < 100) {
            throw new IllegalArgumentException("engine.lease must be at least 100ms");
        }
    }

    /** The only instance on its database, with a 30 s lease (what tests and the embedded database use). */
    public static InstanceSettings sole(String id) {
        return new InstanceSettings(id, Duration.ofSeconds(30), true);
    }

    Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
