package dev.kontextbot.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** An id made up for a process: the machine's name, then a random part new with every start. */
    private static final Pattern GENERATED = Pattern.compile("(.+)-[0-9a-f]{6}");

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

    /** The id of a process on {@code machine} that was not given one: {@code randomHex} is 6 hex digits, new each start. */
    public static String generatedId(String machine, String randomHex) {
        String id = machine + "-" + randomHex;
        if (!GENERATED.matcher(id).matches()) {
            throw new IllegalArgumentException("a generated instance id ends in 6 hex digits, not " + randomHex);
        }
        return id;
    }

    /**
     * Whether {@code holder} is this instance or, as far as its id tells, an earlier run of it: the same configured id,
     * or a generated id of the same machine (a restart there gets a new random part).
     */
    public boolean isThisOrAnEarlierRun(String holder) {
        if (holder.equals(id)) {
            return true;
        }
        Matcher mine = GENERATED.matcher(id);
        Matcher theirs = GENERATED.matcher(holder);
        return mine.matches() && theirs.matches() && mine.group(1).equals(theirs.group(1));
    }

    Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
