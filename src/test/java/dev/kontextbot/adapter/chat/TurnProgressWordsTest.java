package dev.kontextbot.adapter.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnProgressWordsTest {

    @Test
    void aJobWaitingInTheServicesQueueIsShownAsQueuedThereNotAsGenerating() {
        assertThat(TurnDescriptions.progress("queued at Runflow")).isEqualTo(new TurnDescriptions.Progress("⏳", "Queued at Runflow…"));
        assertThat(TurnDescriptions.progress("queued")).isEqualTo(new TurnDescriptions.Progress("⏳", "Queued…"));
    }

    @Test
    void everyOtherStageIsGenerating() {
        assertThat(TurnDescriptions.progress("running").words()).isEqualTo("Generating…");
        assertThat(TurnDescriptions.progress("submitted").words()).isEqualTo("Generating…");
        assertThat(TurnDescriptions.progress(null).words()).isEqualTo("Generating…");
    }
}
