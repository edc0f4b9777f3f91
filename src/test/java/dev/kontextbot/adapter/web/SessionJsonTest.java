package dev.kontextbot.adapter.web;

import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

class SessionJsonTest {
    private final SessionJson json = new SessionJson();

    @Test
    void aDoneTurnWithFewerVariantsCarriesItsShortfallAndNoError() {
        var turn = DoneTurns.done(4, "3 of 4 variants; 1 was refused by the provider: BFL answered HTTP 429.", 120_000);

        var shown = json.turn(ENGLISH, turn, 1, DoneTurns.variants(3), null, null);

        assertThat(shown).containsEntry("status", "done")
                .containsEntry("shortfall", "3 of 4 variants; 1 was refused by the provider: BFL answered HTTP 429.")
                .containsEntry("cost_usd", 0.12)
                .doesNotContainKey("error");
    }

    @Test
    void aDoneTurnWithEveryVariantHasNoShortfall() {
        assertThat(json.turn(ENGLISH, DoneTurns.done(2, null, 80_000), 1, DoneTurns.variants(2), null, null)).doesNotContainKey("shortfall");
    }
}
