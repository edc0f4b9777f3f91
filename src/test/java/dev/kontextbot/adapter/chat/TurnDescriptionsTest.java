package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnDescriptionsTest {
    @Test
    void aTurnStillRunningShowsWhatItIsExpectedToCostAndAnEndedOneWhatItCost() {
        Turn done = DoneTurns.done(2, null, 80_000);
        Turn running = done.toBuilder().providerJob("job-1").status(TurnStatus.RUNNING).errorCode(null).errorMessage(null).costMicros(0)
                .finishedAt(null).build();

        assertThat(TurnDescriptions.parameters(running, 80_000)).contains("status running").contains(" · cost about $0.08");
        assertThat(TurnDescriptions.parameters(running, 0)).contains(" · cost free");
        assertThat(TurnDescriptions.parameters(done, 80_000)).contains(" · cost $0.08").doesNotContain("about");
    }
}
