package dev.kontextbot.provider.replicate;

import dev.kontextbot.engine.port.JobProgress;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the sampler's progress out of a prediction's {@code logs}: Replicate's FLUX models print tqdm bars such as
 * {@code " 45%|████▌     | 9/20 [00:04<00:05,  2.1it/s]"}, many per log, and nothing documents them; so the last
 * bar that reads as {@code done/total} counts, and anything else says nothing.
 */
final class ProgressBars {
    private static final Pattern BAR = Pattern.compile("\\d{1,3}%\\|[^|\\n]*\\|\\s*(\\d{1,6})/(\\d{1,6})");

    private ProgressBars() {
    }

    static Optional<JobProgress.Generating> last(String logs) {
        if (logs == null || logs.isEmpty()) {
            return Optional.empty();
        }
        Matcher bar = BAR.matcher(logs);
        Optional<JobProgress.Generating> last = Optional.empty();
        while (bar.find()) {
            int done = Integer.parseInt(bar.group(1));
            int total = Integer.parseInt(bar.group(2));
            if (total > 0 && done <= total) {
                last = Optional.of(JobProgress.Generating.atStep(done, total));
            }
        }
        return last;
    }
}
