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
        Turn running = new Turn(done.id(), done.sessionId(), done.kind(), done.prompt(), done.params(), done.parent(), null,
                done.requestedBy(), done.provider(), "job-1", TurnStatus.RUNNING, null, null, 1, 0, done.createdAt(), done.startedAt(),
                done.submittingAt(), null);

        assertThat(TurnDescriptions.parameters(ENGLISH, running, 80_000)).contains("status running").contains(" · cost about $0.08");
        assertThat(TurnDescriptions.parameters(ENGLISH, running, 0)).contains(" · cost free");
        assertThat(TurnDescriptions.parameters(ENGLISH, done, 80_000)).contains(" · cost $0.08").doesNotContain("about");
    }
}
