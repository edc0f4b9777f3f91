package dev.kontextbot.bench;

import java.util.List;

/** Nearest-rank percentiles of durations in nanoseconds. */
record Percentiles(List<Long> sorted) {
    static Percentiles of(List<Long> samples) {
        return new Percentiles(samples.stream().sorted().toList());
    }

    long at(int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }

    double millisAt(int percentile) {
        return at(percentile) / 1e6;
    }
}
