package dev.kontextbot.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedJobsTest {
    final ObservedJobs observed = new ObservedJobs();
    final Instant sent = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void aJobSeenWorkingBeforeItWasSeenFinishedTookUntilTheLookThatSawItFinished() {
        observed.sending(1, sent);
        observed.stillWorking(1);

        assertThat(observed.finished(1, sent.plusMillis(2100))).contains(Duration.ofMillis(2100));
    }

    @Test
    void aJobFinishedAtItsFirstLookIsTakenToHaveTakenHalfThatTimeSoAFirstLookTooLateMovesEarlier() {
        observed.sending(2, sent);

        assertThat(observed.finished(2, sent.plusMillis(2100))).contains(Duration.ofMillis(1050));
    }

    @Test
    void aJobThisProcessDidNotSendTeachesNothing() {
        observed.stillWorking(3);

        assertThat(observed.finished(3, sent.plusMillis(2100))).isEmpty();
    }

    @Test
    void aJobSentAgainStartsUnseen() {
        observed.sending(4, sent);
        observed.stillWorking(4);
        observed.forget(4);
        observed.sending(4, sent);

        assertThat(observed.finished(4, sent.plusMillis(800))).contains(Duration.ofMillis(400));
    }
}
