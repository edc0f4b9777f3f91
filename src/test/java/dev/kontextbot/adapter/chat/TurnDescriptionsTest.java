package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

class TurnDescriptionsTest {
    @Test
    void aTurnStillRunningShowsWhatItIsExpectedToCostAndAnEndedOneWhatItCost() {
        Turn done = DoneTurns.done(2, null, 80_000);
        Turn running = done.toBuilder().providerJob("job-1").status(TurnStatus.RUNNING).errorCode(null).errorMessage(null).costMicros(0)
                .finishedAt(null).build();

        assertThat(TurnDescriptions.parameters(ENGLISH, running, 80_000)).contains("status running").contains(" · cost about $0.08");
        assertThat(TurnDescriptions.parameters(ENGLISH, running, 0)).contains(" · cost free");
        assertThat(TurnDescriptions.parameters(ENGLISH, done, 80_000)).contains(" · cost $0.08").doesNotContain("about");
    }

    @Test
    void whatATurnSentForItsInputsReadsInKilobytesOrMegabytesAndNotAtAllWhenUnknown() {
        dev.kontextbot.adapter.words.Words english = dev.kontextbot.adapter.words.Languages.load().in(java.util.Locale.ENGLISH);
        dev.kontextbot.adapter.words.Words german = dev.kontextbot.adapter.words.Languages.load().in(java.util.Locale.GERMAN);
        Turn done = DoneTurns.done(2, null, 80_000);

        assertThat(TurnDescriptions.inputsSent(withSent(done, 61L), english)).isEqualTo(" · inputs sent 61 B");
        assertThat(TurnDescriptions.inputsSent(withSent(done, 3_200L), english)).isEqualTo(" · inputs sent 3.1 KB");
        assertThat(TurnDescriptions.inputsSent(withSent(done, 5_600_000L), german)).isEqualTo(" · Eingaben gesendet: 5,3 MB");
        assertThat(TurnDescriptions.inputsSent(withSent(done, null), english)).isEmpty();
    }

    private static Turn withSent(Turn t, Long sent) {
        return t.toBuilder().inputBytesSent(sent).build();
    }
}
