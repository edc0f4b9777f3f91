package dev.kontextbot.provider.offline;

import dev.kontextbot.engine.model.AspectRatio;
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
import java.util.List;
import java.util.Optional;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static org.assertj.core.api.Assertions.assertThat;

class OfflineEditorProviderTest {
    private final OfflineEditorProvider editor = new OfflineEditorProvider(TestImages.decoder());

    private static TurnParams params(int n, OutputFormat format, AspectRatio ratio, long seed) {
        return new TurnParams(ModelId.KONTEXT_PRO, ratio, n, 3.5, format, 2, false, seed);
    }

    /** 40×20: left half red, right half blue, top-left pixel green as a marker. */
    private static byte[] source() throws IOException {
        return TestImages.encode(TestImages.drawn(40, 20, (x, y) -> x == 0 && y == 0 ? 0x00FF00 : x < 20 ? 0xC83232 : 0x3232C8), "png");
    }

    private List<GeneratedImage> edit(String prompt, TurnParams params) throws IOException {
        byte[] bytes = source();
        SubmitOutcome outcome = editor.submit(new EditRequest(prompt, params, java.util.List.of(new SourceImage(bytes, "image/png", 40, 20))));
        assertThat(outcome).isInstanceOf(SubmitOutcome.Finished.class);
        return ((SubmitOutcome.Finished) outcome).images();
    }

    private BufferedImage editOne(String prompt) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(edit(prompt, params(1, OutputFormat.PNG, null, 7)).get(0).bytes()));
    }

    private static int[] rgb(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new int[]{(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }

    @Test
    void webpIsRefusedBecauseTheJdkCannotWriteItAndEverySafetyToleranceIsFine() {
        assertThat(ImageIO.getImageWritersByFormatName("webp").hasNext()).isFalse();
        assertThat(english(editor.refusal(params(1, OutputFormat.WEBP, null, 1), 1)))
                .contains("The offline editor cannot make webp images; use output_format jpeg or png.");
        assertThat(english(editor.refusal(new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.JPEG, 0, false, 1), 1))).isEmpty();
    }

    @Test
    void grayscaleStaysGreyInEveryVariantAndTheVariantsStillDiffer() throws IOException {
        // The formats the editor writes (JPEG shown with a lossless PNG to edit next, or PNG alone).
        for (OutputFormat format : List.of(OutputFormat.JPEG, OutputFormat.PNG)) {
            List<GeneratedImage> variants = edit("make it grayscale", params(4, format, null, 7));
            for (GeneratedImage variant : variants) {
                assertThat(maxChannelSpread(decode(variant.bytes()))).as("%s seed %d", format, variant.seed()).isLessThanOrEqualTo(1);
                if (variant.contextBytes() != null) {
                    assertThat(maxChannelSpread(decode(variant.contextBytes()))).isZero();
                }
            }
            assertThat(variants.stream().map(v -> rgb(decode(v.bytes()), 30, 10)[0]).distinct().count())
                    .as("variants differ in lightness").isGreaterThan(1);
        }
        assertThat(maxChannelSpread(decode(edit("grayscale, rotate 90 and invert", params(1, OutputFormat.PNG, null, 3)).get(0).bytes())))
                .as("edits after grayscale that add no colour keep it grey").isZero();
        assertThat(maxChannelSpread(decode(edit("grayscale then tint red", params(1, OutputFormat.PNG, null, 3)).get(0).bytes())))
                .as("a tint after grayscale is colour asked for").isGreaterThan(20);
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int maxChannelSpread(BufferedImage image) {
        int spread = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int[] c = rgb(image, x, y);
                spread = Math.max(spread, Math.max(c[0], Math.max(c[1], c[2])) - Math.min(c[0], Math.min(c[1], c[2])));
            }
        }
        return spread;
    }

    @Test
    void aPartOfTheInstructionItCannotDoIsNamedInTheResult() throws IOException {
        SubmitOutcome outcome = editor.submit(new EditRequest("make it sepia and put a hat on the cat", params(1, OutputFormat.PNG, null, 1),
                java.util.List.of(new SourceImage(source(), "image/png", 40, 20))));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Finished.class, finished -> {
            assertThat(finished.images()).hasSize(1);
            assertThat(shortfall(finished)).hasValueSatisfying(note -> assertThat(note)
                    .startsWith("Not done: “put a hat on the cat”. The offline editor only knows grayscale").contains("sepia"));
        });
        assertThat(shortfall((SubmitOutcome.Finished) editor.submit(new EditRequest("please make it sepia", params(1, OutputFormat.PNG, null, 1),
                java.util.List.of(new SourceImage(source(), "image/png", 40, 20)))))).as("filler asks for nothing").isEmpty();
    }

    @Test
    void invertFlipsChannels() throws IOException {
        int[] c = rgb(editOne("invert"), 30, 10);
        assertThat(c[1]).isEqualTo(255 - 0x32);
        assertThat(c[2]).isBetween(0x37 - 3, 0x37 + 3);
    }

    @Test
    void rotate90SwapsSidesAndMovesTheMarkerToTheTopRight() throws IOException {
        BufferedImage rotated = editOne("rotate 90");
        assertThat(rotated.getWidth()).isEqualTo(20);
        assertThat(rotated.getHeight()).isEqualTo(40);
        assertThat(rgb(rotated, 19, 0)[1]).isEqualTo(255);
    }

    @Test
    void mirrorMovesTheMarkerToTheRight() throws IOException {
        assertThat(rgb(editOne("mirror"), 39, 0)[1]).isEqualTo(255);
    }

    @Test
    void cropToAnAspectRatioKeepsTheCentre() throws IOException {
        BufferedImage square = editOne("crop square");
        assertThat(square.getWidth()).isEqualTo(20);
        assertThat(square.getHeight()).isEqualTo(20);
    }

    @Test
    void brighterRaisesLuminance() throws IOException {
        assertThat(rgb(editOne("brighter"), 5, 10)[0]).isGreaterThan(0xC8 + 20);
    }

    @Test
    void tintBlueRaisesBlueAgainstRed() throws IOException {
        int[] c = rgb(editOne("tint blue"), 5, 10);
        assertThat(c[2]).isGreaterThan(0x32 + 40);
        assertThat(c[0]).isLessThan(0xC8);
    }

    @Test
    void captionOnlyChangesTheBottomBand() throws IOException {
        BufferedImage plain = editOne("mirror");
        BufferedImage captioned = editOne("mirror and caption \"Hi\"");
        assertThat(captioned.getRGB(10, 2)).isEqualTo(plain.getRGB(10, 2));
        boolean bottomChanged = false;
        for (int x = 0; x < 40; x++) {
            bottomChanged |= captioned.getRGB(x, 18) != plain.getRGB(x, 18);
        }
        assertThat(bottomChanged).isTrue();
    }

    @Test
    void theSameSeedGivesIdenticalBytesAndVariantsDifferBySeed() throws IOException {
        List<GeneratedImage> first = edit("sepia and vignette", params(3, OutputFormat.JPEG, null, 41));
        List<GeneratedImage> again = edit("sepia and vignette", params(3, OutputFormat.JPEG, null, 41));

        assertThat(first).extracting(GeneratedImage::seed).containsExactly(41L, 42L, 43L);
        for (int i = 0; i < 3; i++) {
            assertThat(first.get(i).bytes()).isEqualTo(again.get(i).bytes());
        }
        assertThat(first.get(0).bytes()).isNotEqualTo(first.get(1).bytes());
    }

    @Test
    void jpegOutputCarriesALosslessPngForTheNextTurn() throws IOException {
        GeneratedImage image = edit("sepia", params(1, OutputFormat.JPEG, null, 1)).get(0);

        assertThat(image.mime()).isEqualTo("image/jpeg");
        assertThat(image.contextMime()).isEqualTo("image/png");
        BufferedImage context = ImageIO.read(new ByteArrayInputStream(image.contextBytes()));
        assertThat(context.getWidth()).isEqualTo(40);
        assertThat(edit("sepia", params(1, OutputFormat.PNG, null, 1)).get(0).contextBytes()).isNull();
    }

    @Test
    void textOnlyGenerationHonoursTheAspectRatio() throws IOException {
        SubmitOutcome outcome = editor.submit(new EditRequest("a lighthouse at dusk", params(1, OutputFormat.PNG, AspectRatio.LANDSCAPE_16_9, 3), java.util.List.of()));
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(((SubmitOutcome.Finished) outcome).images().get(0).bytes()));

        assertThat(picture.getWidth()).isEqualTo(1024);
        assertThat(picture.getHeight()).isEqualTo(576);
    }

    @Test
    void anInstructionItDoesNotUnderstandGetsTheVocabulary() throws IOException {
        SubmitOutcome outcome = editor.submit(new EditRequest("put a hat on the cat", params(1, OutputFormat.PNG, null, 1),
                java.util.List.of(new SourceImage(source(), "image/png", 40, 20))));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> {
            assertThat(r.kind()).isEqualTo(FailureKind.BAD_REQUEST);
            assertThat(english(r)).contains("didn't understand").contains("sepia").contains("vignette");
        });
    }

    @Test
    void anInstructionItDoesNotUnderstandIsRefusedBeforeTheImageIsDecoded() {
        // A damaged image: the old order decoded first and answered "could not read" to a request it could not do anyway.
        SubmitOutcome outcome = editor.submit(new EditRequest("put a hat on the cat", params(1, OutputFormat.PNG, null, 1),
                java.util.List.of(new SourceImage(new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, "image/png", 1, 1))));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                r -> assertThat(english(r)).startsWith("The offline editor didn't understand \"put a hat on the cat\"."));
    }

    @Test
    void unreadableInputsAreRefusedNotThrown() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes();
        SubmitOutcome webpOutcome = editor.submit(new EditRequest("sepia", params(1, OutputFormat.PNG, null, 1),
                java.util.List.of(new SourceImage(webp, "image/webp", 1, 1))));
        SubmitOutcome corrupt = editor.submit(new EditRequest("sepia", params(1, OutputFormat.PNG, null, 1),
                java.util.List.of(new SourceImage(new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, "image/png", 1, 1))));

        assertThat(webpOutcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(english(r)).contains("can't read WebP"));
        assertThat(corrupt).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, r -> assertThat(english(r)).contains("could not read"));
    }
}
