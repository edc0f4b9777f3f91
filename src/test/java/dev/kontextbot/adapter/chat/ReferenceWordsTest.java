package dev.kontextbot.adapter.chat;

import dev.kontextbot.testing.DoneTurns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** The words every surface uses for a turn's references: one sentence that numbers them, and their names in info. */
class ReferenceWordsTest {
    @Test
    void theInputsSentenceNumbersTheAttachedImagesAfterTheCurrentPicture() {
        assertThat(TurnDescriptions.inputs(ENGLISH, DoneTurns.withReferences(0))).isEmpty();
        assertThat(TurnDescriptions.inputs(ENGLISH, DoneTurns.withReferences(1)))
                .contains("Image 1 is the current picture; image 2 is the one you attached.");
        assertThat(TurnDescriptions.inputs(ENGLISH, DoneTurns.withReferences(2)))
                .contains("Image 1 is the current picture; images 2 and 3 are the ones you attached.");
        assertThat(TurnDescriptions.inputs(ENGLISH, DoneTurns.withReferences(3)))
                .contains("Image 1 is the current picture; images 2, 3 and 4 are the ones you attached.");
    }

    @Test
    void infoListsEveryReferenceOfTheTurn() {
        assertThat(TurnDescriptions.parameters(ENGLISH, DoneTurns.withReferences(2), 40_000)).contains(" · with image 2, image 3 · cost $0.04");
        assertThat(TurnDescriptions.parameters(ENGLISH, DoneTurns.withReferences(0), 40_000)).doesNotContain("image 2");
    }

    @Test
    void imagesSentWithoutAnInstructionSayWhichBecameTheHead() {
        assertThat(TurnDescriptions.headReplaced(ENGLISH, 1)).contains("That image is the head now");
        assertThat(TurnDescriptions.headReplaced(ENGLISH, 3)).contains("The first image is the head now").contains("send them with an instruction");
    }
}
