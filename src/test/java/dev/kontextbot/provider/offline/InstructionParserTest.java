package dev.kontextbot.provider.offline;

import org.junit.jupiter.api.Test;

import dev.kontextbot.provider.offline.Composition.ColoursOf;
import dev.kontextbot.provider.offline.Composition.Corner;
import dev.kontextbot.provider.offline.Composition.PictureInPicture;
import dev.kontextbot.provider.offline.Composition.SideBySide;

import java.awt.Color;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InstructionParserTest {
    private final InstructionParser parser = new InstructionParser();

    @Test
    void findsEveryVocabularyItem() {
        assertThat(parser.parse("black and white")).containsExactly(new Operation.Grayscale());
        assertThat(parser.parse("Make it GRAYSCALE please")).containsExactly(new Operation.Grayscale());
        assertThat(parser.parse("sepia")).containsExactly(new Operation.Sepia());
        assertThat(parser.parse("invert the colours")).containsExactly(new Operation.Invert());
        assertThat(parser.parse("blur it")).containsExactly(new Operation.Blur(false));
        assertThat(parser.parse("heavy blur")).containsExactly(new Operation.Blur(true));
        assertThat(parser.parse("sharpen")).containsExactly(new Operation.Sharpen());
        assertThat(parser.parse("a bit brighter")).containsExactly(new Operation.Brightness(1.3));
        assertThat(parser.parse("darker")).containsExactly(new Operation.Brightness(0.7));
        assertThat(parser.parse("more contrast")).containsExactly(new Operation.Contrast(1.4));
        assertThat(parser.parse("less contrast")).containsExactly(new Operation.Contrast(0.7));
        assertThat(parser.parse("rotate 90")).containsExactly(new Operation.Rotate(90));
        assertThat(parser.parse("rotate it by 180")).containsExactly(new Operation.Rotate(180));
        assertThat(parser.parse("rotate left")).containsExactly(new Operation.Rotate(270));
        assertThat(parser.parse("flip")).containsExactly(new Operation.Flip());
        assertThat(parser.parse("flip horizontally")).containsExactly(new Operation.Mirror());
        assertThat(parser.parse("mirror")).containsExactly(new Operation.Mirror());
        assertThat(parser.parse("crop to 16:9")).containsExactly(new Operation.CropTo(16, 9));
        assertThat(parser.parse("crop square")).containsExactly(new Operation.CropTo(1, 1));
        assertThat(parser.parse("tint blue")).containsExactly(new Operation.Tint(InstructionParser.COLOURS.get("blue")));
        assertThat(parser.parse("tint #ff8800")).containsExactly(new Operation.Tint(new Color(0xff8800)));
        assertThat(parser.parse("pixelate")).containsExactly(new Operation.Pixelate());
        assertThat(parser.parse("posterize")).containsExactly(new Operation.Posterize());
        assertThat(parser.parse("add a vignette")).containsExactly(new Operation.Vignette());
    }

    @Test
    void combinesOperationsInTheOrderWritten() {
        assertThat(parser.parse("please make it grayscale and rotate 90, then add a vignette"))
                .containsExactly(new Operation.Grayscale(), new Operation.Rotate(90), new Operation.Vignette());
        assertThat(parser.parse("sepia + blur")).containsExactly(new Operation.Sepia(), new Operation.Blur(false));
    }

    @Test
    void captionKeepsItsTextAndCaseAndItsWordsAreNotInstructions() {
        assertThat(parser.parse("tint red, caption \"Invert The World\""))
                .containsExactly(new Operation.Tint(InstructionParser.COLOURS.get("red")), new Operation.Caption("Invert The World"));
    }

    @Test
    void understandsNothingInFreeFormRequests() {
        assertThat(parser.parse("make the jacket look like leather")).isEmpty();
        assertThat(parser.parse("tint it slightly")).isEmpty();
    }

    @Test
    void namesTheClausesItDoesNotUnderstandButNotTheFiller() {
        assertThat(parser.read("make it sepia and put a hat on the cat").ignored()).containsExactly("put a hat on the cat");
        assertThat(parser.read("please make it grayscale and rotate 90 degrees, then add a vignette").ignored()).isEmpty();
        assertThat(parser.read("invert the colours + blur it").ignored()).isEmpty();
        assertThat(parser.read("caption \"Hat on the cat\" and mirror").ignored()).isEmpty();
        assertThat(parser.read("sepia, warmer; then swap the sky for a sunset").ignored())
                .containsExactly("warmer", "swap the sky for a sunset");
        assertThat(parser.read("tint it mauve and blur").ignored()).containsExactly("tint it mauve");
    }

    @Test
    void readsPictureInPictureWithTheCornerNamedOrBottomRight() {
        assertThat(parser.parse("put image 2 in the corner")).containsExactly(new PictureInPicture(2, Corner.BOTTOM_RIGHT));
        assertThat(parser.parse("Put Image 3 in the top left corner")).containsExactly(new PictureInPicture(3, Corner.TOP_LEFT));
        assertThat(parser.parse("place image #2 at the upper-right")).containsExactly(new PictureInPicture(2, Corner.TOP_RIGHT));
        assertThat(parser.parse("image2 bottom left hand corner")).containsExactly(new PictureInPicture(2, Corner.BOTTOM_LEFT));
        assertThat(parser.parse("picture in picture")).containsExactly(new PictureInPicture(2, Corner.BOTTOM_RIGHT));
        assertThat(parser.parse("picture-in-picture with image 4 in the top right"))
                .as("read once, not also as image 4 in a corner").containsExactly(new PictureInPicture(4, Corner.TOP_RIGHT));
        assertThat(parser.read("put image 2 in the corner").ignored()).isEmpty();
    }

    @Test
    void readsSideBySideAsEveryImageOrTheOnesListedInTheirOrder() {
        assertThat(parser.parse("side by side")).containsExactly(new SideBySide(List.of()));
        assertThat(parser.parse("put them side-by-side")).containsExactly(new SideBySide(List.of()));
        assertThat(parser.parse("put images 3 and 1 side by side")).containsExactly(new SideBySide(List.of(3, 1)));
        assertThat(parser.parse("image 1, image 2 & 4 side by side")).containsExactly(new SideBySide(List.of(1, 2, 4)));
        assertThat(parser.parse("side by side with image 3")).containsExactly(new SideBySide(List.of(1, 3)));
        assertThat(parser.parse("put it next to image 2")).containsExactly(new SideBySide(List.of(1, 2)));
        assertThat(parser.parse("put image 3 beside it")).containsExactly(new SideBySide(List.of(1, 3)));
        assertThat(parser.parse("put a hat next to it")).as("no other image named").isEmpty();
        assertThat(parser.read("put images 1 and 2 side by side").ignored()).isEmpty();
    }

    @Test
    void readsTheColoursOfAnImage() {
        assertThat(parser.parse("use the colours of image 2")).containsExactly(new ColoursOf(2));
        assertThat(parser.parse("in the colors from image 3")).containsExactly(new ColoursOf(3));
        assertThat(parser.parse("match image 2's palette")).containsExactly(new ColoursOf(2));
        assertThat(parser.parse("colour palette of picture 4")).containsExactly(new ColoursOf(4));
        assertThat(parser.parse("recolour it like image 2")).containsExactly(new ColoursOf(2));
        assertThat(parser.parse("invert the colours")).as("colours of no image").containsExactly(new Operation.Invert());
    }

    @Test
    void combinesCompositionsWithTheOtherEditsAndKeepsTheirWords() {
        InstructionParser.Reading reading = parser.read("make it sepia, put image 2 in the top left corner and add a vignette");

        assertThat(reading.edits()).containsExactly(new Operation.Sepia(), new PictureInPicture(2, Corner.TOP_LEFT), new Operation.Vignette());
        assertThat(reading.steps().get(1).words()).isEqualTo("put image 2 in the top left corner");
        assertThat(reading.ignored()).isEmpty();
    }

    @Test
    void aLetterThatLowercasesToTwoCharsDoesNotShiftWhatIsRead() {
        // "İ".toLowerCase() is two chars: matches in the lowered text used to run past the end of the instruction.
        assertThat(parser.parse("İİİİİ sepia")).containsExactly(new Operation.Sepia());
        assertThat(parser.read("İstanbul sepia").ignored()).containsExactly("İstanbul");
    }
}
