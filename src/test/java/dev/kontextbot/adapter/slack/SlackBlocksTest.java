package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

class SlackBlocksTest {
    private final SlackBlocks blocks = new SlackBlocks();

    @Test
    void aDoneTurnWithFewerVariantsSaysWhyInItsBlocksAndItsFallbackText() {
        var turn = DoneTurns.done(4, "3 of 4 variants; 1 was refused by the provider: <HTTP 429>.", 120_000);

        SlackBlocks.Message message = blocks.done(ENGLISH, turn, DoneTurns.variants(3), 0, Map.of(), Optional.empty());

        assertThat(message.blocks().toString()).contains("⚠️ 3 of 4 variants; 1 was refused by the provider: &lt;HTTP 429&gt;.");
        assertThat(message.text()).contains("3 variants").contains("1 was refused by the provider");
    }

    @Test
    void aRedrawnDoneTurnSaysItsTypedShortfallInTheReadersLanguage() {
        var turn = DoneTurns.done(3, "2 of 3 variants; 1 was not delivered as a usable image by the image service.", 80_000).toBuilder()
                .failure(new dev.kontextbot.engine.model.TurnFailure.Partial(2, 3, null)).build();

        SlackBlocks.Message german = blocks.done(dev.kontextbot.adapter.words.TestWords.GERMAN, turn, DoneTurns.variants(2), 0, Map.of(), Optional.empty());
        SlackBlocks.Message english = blocks.done(ENGLISH, turn, DoneTurns.variants(2), 0, Map.of(), Optional.empty());

        assertThat(german.blocks().toString()).contains("⚠️ 2 von 3 Varianten; 1 wurde vom Bilddienst nicht als brauchbares Bild geliefert.")
                .doesNotContain("usable image");
        assertThat(english.blocks().toString()).contains("⚠️ 2 of 3 variants; 1 was not delivered as a usable image by the image service.");
    }

    @Test
    void aQueuedTurnSaysWhatItIsExpectedToCostAndAFreeOneSaysNothing() {
        var turn = DoneTurns.done(2, null, 0);

        assertThat(blocks.queued(ENGLISH, turn, 0, 160_000).text()).startsWith("⏳ Queued — next up · about $0.16");
        assertThat(blocks.queued(ENGLISH, turn, 0, 0).text()).doesNotContain("about");
    }

    @Test
    void aDoneTurnWithEveryVariantHasNoWarning() {
        SlackBlocks.Message message = blocks.done(ENGLISH, DoneTurns.done(2, null, 80_000), DoneTurns.variants(2), 0, Map.of(), Optional.empty());

        assertThat(message.blocks().toString()).doesNotContain("⚠️");
    }
}
