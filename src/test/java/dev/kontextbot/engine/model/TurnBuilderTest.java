package dev.kontextbot.engine.model;

import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TurnBuilderTest {

    @Test
    void aTurnRebuiltFromItsBuilderIsTheSameTurnFieldForField() {
        Turn turn = DoneTurns.withReferences(2).toBuilder().rerolledFrom(3L).providerJob("job-9").build();

        assertThat(turn.toBuilder().build()).isEqualTo(turn);
        assertThat(turn.rerolledFrom()).isEqualTo(3L);
        assertThat(turn.references()).hasSize(2);
    }

    @Test
    void aNewTurnIsQueuedWithNothingElseSet() {
        Turn turn = Turn.builder(1, TurnKind.REFINE, "make it red", DoneTurns.done(1, null, 0).params()).build();

        assertThat(turn.status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(turn.references()).isEmpty();
        assertThat(turn.providerJob()).isNull();
        assertThat(turn.toBuilder().createdAt(Instant.EPOCH).build().createdAt()).isEqualTo(Instant.EPOCH);
    }
}
