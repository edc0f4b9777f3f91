package dev.kontextbot.provider.replicate;

import dev.kontextbot.engine.port.JobProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarsTest {
    @Test
    void theLastBarOfTheLogsCounts() {
        String logs = "Using seed: 7\nRunning prediction\n  0%|          | 0/28 [00:00<?, ?it/s]\r 14%|█▍        | 4/28 [00:01<00:06]\r"
                + " 46%|████▋     | 13/28 [00:03<00:03,  4.2it/s]";

        assertThat(ProgressBars.last(logs)).contains(JobProgress.Generating.atStep(13, 28));
    }

    @Test
    void logsWithoutABarOrWithANonsenseOneSayNothing() {
        assertThat(ProgressBars.last(null)).isEmpty();
        assertThat(ProgressBars.last("Loading weights\nUsing seed: 1")).isEmpty();
        assertThat(ProgressBars.last("100%|██████████| 30/20")).isEmpty();
        assertThat(ProgressBars.last(" 50%|█████     | 10/20\n 99%|##########| 40/0")).contains(JobProgress.Generating.atStep(10, 20));
    }
}
