package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

class TurnMessagesTest {
    private final TurnMessages messages = new TurnMessages();

    @Test
    void aDoneTurnWithFewerVariantsSaysWhyInItsMessage() {
        var turn = DoneTurns.done(4, "3 of 4 variants; 1 was refused by the provider: BFL answered HTTP 429.", 120_000);

        String content = messages.done(ENGLISH, turn, DoneTurns.variants(3), 0, Map.of(), Optional.empty(), List.of()).content();

        assertThat(content).contains("⚠️ 3 of 4 variants; 1 was refused by the provider: BFL answered HTTP 429.");
        assertThat(content).contains("**#3**").doesNotContain("**#4**");
    }

    @Test
    void aQueuedTurnSaysWhatItIsExpectedToCostAndAFreeOneSaysNothing() {
        var turn = DoneTurns.done(2, null, 0);

        assertThat(messages.queued(ENGLISH, turn, 0, 160_000).content()).startsWith("⏳ **Queued** (next up) · about $0.16 ·");
        assertThat(messages.queued(ENGLISH, turn, 1, 0).content()).startsWith("⏳ **Queued** (position 2) · ").doesNotContain("about");
    }

    @Test
    void aDoneTurnWithEveryVariantHasNoWarning() {
        String content = messages.done(ENGLISH, DoneTurns.done(2, null, 80_000), DoneTurns.variants(2), 0, Map.of(), Optional.empty(), List.of())
                .content();

        assertThat(content).doesNotContain("⚠️");
    }
}
