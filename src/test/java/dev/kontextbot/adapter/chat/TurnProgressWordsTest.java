package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.port.JobProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

class TurnProgressWordsTest {

    @Test
    void aJobWaitingInTheServicesQueueIsShownAsQueuedThereWithItsPlaceWhenKnown() {
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Queued.at("Runflow", -1))).isEqualTo(new TurnDescriptions.Progress("⏳", "Queued at Runflow…"));
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Queued.at("ComfyUI", 3))).isEqualTo(new TurnDescriptions.Progress("⏳", "Queued at ComfyUI (#3)…"));
    }

    @Test
    void generatingShowsThePercentAndTheStepsAsFarAsTheServiceSaid() {
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Generating.atStep(9, 20)).words()).isEqualTo("Generating 45% (9/20 steps)…");
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Generating.atFraction(0.5)).words()).isEqualTo("Generating 50%…");
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Generating.started()).words()).isEqualTo("Generating…");
        assertThat(TurnDescriptions.progress(ENGLISH, new JobProgress.Submitted()).words()).isEqualTo("Generating…");
    }

    @Test
    void nonsenseFromAServiceIsShownAsNothingKnownRatherThanAWrongNumber() {
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Generating.atStep(30, 20)).words()).isEqualTo("Generating…");
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Generating.atFraction(Double.NaN)).words()).isEqualTo("Generating…");
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Generating.atFraction(1.7)).words()).isEqualTo("Generating…");
        assertThat(TurnDescriptions.progress(ENGLISH, JobProgress.Queued.at("fal", 0)).words()).isEqualTo("Queued at fal…");
    }
}
