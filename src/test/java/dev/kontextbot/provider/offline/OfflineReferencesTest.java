package dev.kontextbot.provider.offline;

import dev.kontextbot.engine.image.DecodingBudget;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static org.assertj.core.api.Assertions.assertThat;

/** Turns with several images on the offline editor: image 1 is edited, images 2..4 are brought in where the instruction names them. */
class OfflineReferencesTest {
    private static final int RED = 0xC83232;
    private static final int BLUE = 0x3232C8;
    private static final int GREEN = 0x20C040;

    private final OfflineEditorProvider editor = new OfflineEditorProvider(TestImages.decoder());

    private static TurnParams params(int n, OutputFormat format, long seed) {
        return new TurnParams(ModelId.KONTEXT_PRO, null, n, 3.5, format, 2, false, seed);
    }

    private static SourceImage png(int width, int height, IntBinaryOperator rgb) {
        return new SourceImage(TestImages.encode(TestImages.drawn(width, height, rgb), "png"), "image/png", width, height);
    }

    /** 200×100: left half red, right half blue. */
    private static SourceImage halves() {
        return png(200, 100, (x, y) -> x < 100 ? RED : BLUE);
    }

    private static SourceImage solid(int width, int height, int rgb) {
        return png(width, height, (x, y) -> rgb);
    }

    private SubmitOutcome submit(String prompt, TurnParams params, SourceImage... images) {
        return editor.submit(new EditRequest(prompt, params, List.of(images)));
    }

    private SubmitOutcome.Finished finished(String prompt, SourceImage... images) {
        SubmitOutcome outcome = submit(prompt, params(1, OutputFormat.PNG, 7), images);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Finished.class);
        return (SubmitOutcome.Finished) outcome;
    }

    private BufferedImage editOne(String prompt, SourceImage... images) {
        return decode(finished(prompt, images).images().get(0).bytes());
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] rgb(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new int[]{(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }

    /** Within the per-seed shift (red and blue move by at most 4 %). */
    private static void assertNear(int[] actual, int expected) {
        int[] want = {(expected >> 16) & 0xff, (expected >> 8) & 0xff, expected & 0xff};
        for (int c = 0; c < 3; c++) {
            assertThat(actual[c]).as("channel %d of %s", c, Arrays.toString(actual)).isBetween(want[c] - 10, want[c] + 10);
        }
    }

    @Test
    void takesUpToFourImagesAndRefusesAFifthSayingHowMany() {
        assertThat(english(editor.refusal(params(1, OutputFormat.PNG, 1), 4))).isEmpty();
        assertThat(english(editor.refusal(params(1, OutputFormat.PNG, 1), 5)))
                .contains("The offline editor takes up to 4 images per turn; this one has 5.");
    }

    @Test
    void pictureInPictureShowsImage2AQuarterWideInTheBottomRightCornerByDefault() {
        BufferedImage result = editOne("put image 2 in the corner", halves(), solid(120, 80, GREEN));

        assertThat(result.getWidth()).isEqualTo(200);
        assertThat(result.getHeight()).isEqualTo(100);
        // A quarter of 200 is 50 px across, 33 px high at image 2's 3:2, framed in 1 px of white, 3 px from the edges.
        assertNear(rgb(result, 171, 80), GREEN);
        assertNear(rgb(result, 147, 80), GREEN);
        assertNear(rgb(result, 140, 80), BLUE);
        assertNear(rgb(result, 171, 60), BLUE);
        assertNear(rgb(result, 145, 80), 0xFFFFFF);
        assertNear(rgb(result, 25, 80), RED);
        assertNear(rgb(result, 171, 15), BLUE);
    }

    @Test
    void pictureInPictureGoesToTheCornerNamed() {
        BufferedImage topLeft = editOne("put image 2 in the top left corner", halves(), solid(120, 80, GREEN));
        BufferedImage upperRight = editOne("image 2 upper-right", halves(), solid(120, 80, GREEN));

        assertNear(rgb(topLeft, 28, 20), GREEN);
        assertNear(rgb(topLeft, 171, 80), BLUE);
        assertNear(rgb(upperRight, 171, 20), GREEN);
        assertNear(rgb(upperRight, 28, 20), RED);
    }

    @Test
    void sideBySideLaysTheImagesOutLeftToRightAtTheHeightOfTheFirst() {
        BufferedImage pair = editOne("side by side", halves(), solid(120, 80, GREEN));
        // 120×80 at a height of 100 is 150 wide.
        assertThat(pair.getWidth()).isEqualTo(200 + 150);
        assertThat(pair.getHeight()).isEqualTo(100);
        assertNear(rgb(pair, 50, 50), RED);
        assertNear(rgb(pair, 150, 50), BLUE);
        assertNear(rgb(pair, 275, 50), GREEN);

        BufferedImage three = editOne("put it next to image 3", halves(), solid(120, 80, GREEN), solid(50, 200, 0xE0E020));
        assertThat(three.getWidth()).as("image 1, then image 3 (25 wide at 100 high); image 2 left out").isEqualTo(200 + 25);
        assertNear(rgb(three, 212, 50), 0xE0E020);

        BufferedImage reordered = editOne("put images 2 and 1 side by side", halves(), solid(120, 80, GREEN));
        assertThat(reordered.getWidth()).as("at image 2's height of 80, image 1 is 160 wide").isEqualTo(120 + 160);
        assertNear(rgb(reordered, 60, 40), GREEN);
        assertNear(rgb(reordered, 160, 40), RED);
    }

    @Test
    void sideBySideNeverGrowsPastTheEditorsLongestSide() {
        // 2400×200 side by side is scaled to 170 high: two of 1020.
        BufferedImage row = editOne("side by side", solid(1200, 200, RED), solid(1200, 200, GREEN));

        assertThat(row.getWidth()).isEqualTo(2040).isLessThanOrEqualTo(ImageCodec.MAX_SIDE);
        assertThat(row.getHeight()).isEqualTo(170);
        assertNear(rgb(row, 1000, 85), RED);
        assertNear(rgb(row, 1040, 85), GREEN);
    }

    @Test
    void theColoursOfImage2MoveTheMeanColourTowardsItsOwnAndKeepTheSize() {
        SourceImage palette = png(60, 60, (x, y) -> (30 + x) << 8 | (150 + y) << 16 | 40);
        BufferedImage source = decode(halves().bytes());
        BufferedImage recoloured = editOne("use the colours of image 2", halves(), palette);

        assertThat(recoloured.getWidth()).isEqualTo(200);
        assertThat(recoloured.getHeight()).isEqualTo(100);
        double[] target = mean(decode(palette.bytes()));
        double before = distance(mean(source), target);
        double after = distance(mean(recoloured), target);
        assertThat(after).as("mean moved from %.1f to %.1f away", before, after).isLessThan(before * 0.25);
        assertThat(rgb(recoloured, 50, 50)).as("the halves still differ").isNotEqualTo(rgb(recoloured, 150, 50));
    }

    @Test
    void theSameImagesAndSeedGiveTheSameBytes() {
        for (String prompt : List.of("put image 2 in the corner", "side by side", "use the colours of image 2")) {
            TurnParams params = params(2, OutputFormat.JPEG, 11);
            List<GeneratedImage> first = ((SubmitOutcome.Finished) submit(prompt, params, halves(), solid(120, 80, GREEN))).images();
            List<GeneratedImage> again = ((SubmitOutcome.Finished) submit(prompt, params, halves(), solid(120, 80, GREEN))).images();
            for (int i = 0; i < 2; i++) {
                assertThat(first.get(i).bytes()).as(prompt).isEqualTo(again.get(i).bytes());
                assertThat(first.get(i).contextBytes()).as(prompt).isEqualTo(again.get(i).contextBytes());
            }
            assertThat(first.get(0).bytes()).as(prompt).isNotEqualTo(first.get(1).bytes());
        }
    }

    @Test
    void combinesWithThePictureOnlyEditsInTheOrderWritten() {
        BufferedImage greyThenInset = editOne("make it grayscale and put image 2 in the corner", halves(), solid(120, 80, GREEN));
        int[] inset = rgb(greyThenInset, 171, 80);
        int[] main = rgb(greyThenInset, 25, 50);
        assertThat(inset[1] - inset[0]).as("image 2 keeps its green").isGreaterThan(100);
        assertThat(Math.abs(main[0] - main[2])).as("image 1 went grey (up to the warm/cool shift)").isLessThanOrEqualTo(10);

        BufferedImage insetThenGrey = editOne("put image 2 in the corner, then grayscale", halves(), solid(120, 80, GREEN));
        int[] greyInset = rgb(insetThenGrey, 171, 80);
        assertThat(greyInset[0]).as("all of it grey, exactly").isEqualTo(greyInset[1]).isEqualTo(greyInset[2]);
    }

    @Test
    void anImageTheTurnDoesNotHaveIsNamedInTheNoteAndTheRestIsDone() {
        SubmitOutcome.Finished done = finished("make it sepia and put image 3 in the corner", halves(), solid(120, 80, GREEN));

        assertThat(done.images()).hasSize(1);
        int[] sepia = rgb(decode(done.images().get(0).bytes()), 171, 80);
        assertThat(sepia[0]).as("sepia done where image 3 would have gone").isGreaterThan(sepia[2]);
        assertThat(shortfall(done)).hasValueSatisfying(note -> assertThat(note)
                .startsWith("Not done: “put image 3 in the corner”: this turn has only images 1–2; send the other images with the instruction.")
                .contains("Image 2 was not used"));
    }

    @Test
    void everyPartLeftOutIsNamedTheMissingImageFirst() {
        SubmitOutcome.Finished done = finished("sepia, put image 3 in the corner and put a hat on her", halves(), solid(120, 80, GREEN));

        assertThat(shortfall(done)).hasValueSatisfying(note -> assertThat(note)
                .startsWith("Not done: “put image 3 in the corner”: this turn has only images 1–2")
                .contains(" Image 2 was not used")
                .endsWith(" Not done: “put a hat on her”. The offline editor only knows " + InstructionParser.VOCABULARY
                        + "; connect a Kontext provider for free-form edits."));
    }

    @Test
    void aReferenceAskedForInATurnOfOneImageIsNamedInTheNote() {
        SubmitOutcome.Finished done = finished("side by side and use the colours of image 2", halves());

        assertThat(decode(done.images().get(0).bytes()).getWidth()).isEqualTo(200);
        assertThat(shortfall(done)).contains("Not done: “side by side”, “use the colours of image 2”: this turn has only image 1;"
                + " send the other images with the instruction.");
    }

    @Test
    void aReferenceTheInstructionNeverNamesIsSaidToBeUnused() {
        SubmitOutcome.Finished done = finished("sepia", halves(), solid(120, 80, GREEN), solid(10, 10, BLUE));

        assertThat(shortfall(done)).contains("Images 2 and 3 were not used: the offline editor uses another image only where the"
                + " instruction names it, as in “put image 2 in the corner”.");
        assertThat(shortfall(finished("put image 2 in the corner", halves(), solid(120, 80, GREEN)))).isEmpty();
    }

    @Test
    void aDamagedOrUnreadableReferenceIsRefusedLikeADamagedImage() {
        byte[] whole = solid(120, 80, GREEN).bytes();
        SourceImage damaged = new SourceImage(Arrays.copyOf(whole, whole.length / 2), "image/png", 120, 80);
        SourceImage webp = new SourceImage("RIFF\0\0\0\0WEBPVP8 ".getBytes(), "image/webp", 1, 1);

        assertThat(submit("put image 2 in the corner", params(1, OutputFormat.PNG, 1), halves(), damaged))
                .isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> {
                    assertThat(r.kind()).isEqualTo(FailureKind.BAD_REQUEST);
                    assertThat(english(r)).startsWith("The offline editor could not read image 2: The PNG image is damaged");
                });
        assertThat(submit("use the colours of image 2", params(1, OutputFormat.PNG, 1), halves(), webp))
                .isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(english(r))
                        .isEqualTo("The offline editor can't read WebP images (image 2); send a PNG or JPEG, or connect a Kontext provider."));
        assertThat(submit("sepia", params(1, OutputFormat.PNG, 1), halves(), damaged))
                .as("a reference no edit uses is never decoded, only said to be unused")
                .isInstanceOfSatisfying(SubmitOutcome.Finished.class, f -> assertThat(shortfall(f)).hasValueSatisfying(
                        note -> assertThat(note).startsWith("Image 2 was not used")));
    }

    @Test
    void referencesAreDecodedThroughTheBotsDecoderAndItsPixelLimit() {
        // 20 000 px: image 1 (200×100) fits, a 200×200 reference does not.
        OfflineEditorProvider limited = new OfflineEditorProvider(new ImageDecoder(20_000, new DecodingBudget(1_000_000)));
        SubmitOutcome outcome = limited.submit(new EditRequest("put image 2 in the corner", params(1, OutputFormat.PNG, 1),
                List.of(halves(), solid(200, 200, GREEN))));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                r -> assertThat(english(r)).startsWith("The offline editor could not read image 2: The image is 200×200"));
    }

    private static double[] mean(BufferedImage image) {
        double[] sum = new double[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int[] c = rgb(image, x, y);
                for (int i = 0; i < 3; i++) {
                    sum[i] += c[i];
                }
            }
        }
        int n = image.getWidth() * image.getHeight();
        return new double[]{sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
