package dev.kontextbot.bench;

import java.time.Duration;
import java.util.Random;

/** How long the loopback provider's jobs take: one fixed time, or log-normal from a seeded generator (repeatable). */
interface JobDurations {
    Duration next();

    static JobDurations fixed(Duration duration) {
        return () -> duration;
    }

    /**
     * Log-normal with the given median and 90th percentile: a model's times have a long right tail, and a fixed time
     * flatters a poll schedule learned from recent jobs.
     */
    static JobDurations logNormal(Duration median, Duration p90, long seed) {
        double mu = Math.log(median.toNanos());
        // z of the 90th percentile of the standard normal.
        double sigma = Math.log((double) p90.toNanos() / median.toNanos()) / 1.2815515655446004;
        Random random = new Random(seed);
        return () -> {
            double nanos;
            synchronized (random) {
                nanos = Math.exp(mu + sigma * random.nextGaussian());
            }
            return Duration.ofNanos((long) nanos);
        };
    }
}
