package dev.kontextbot.engine.review;

import dev.kontextbot.testing.Scenes;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;

import static org.assertj.core.api.Assertions.assertThat;

/** The scorer on pictures whose relation to their parent is known. */
class FidelityScorerTest {
    final FidelityScorer scorer = new FidelityScorer();
    final BufferedImage parent = Scenes.landscape(7, 640, 480);

    @Test
    void anIdenticalOutputKeepsEverything() {
        Comparison same = scorer.compare(parent, Scenes.copy(parent));

        assertThat(same.fidelity()).isEqualTo(100);
        assertThat(same.ssim()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(same.hashDistance()).isZero();
        assertThat(same.flags()).isEmpty();
    }

    @Test
    void slightChangesKeepAHighScoreAndRaiseNoFlag() {
        Comparison tint = scorer.compare(parent, Scenes.tinted(parent, new Color(40, 80, 255), 0.15));
        Comparison blur = scorer.compare(parent, Scenes.blurred(parent, 2));
        Comparison caption = scorer.compare(parent, Scenes.captioned(parent, "Summer 1962"));

        assertThat(tint.fidelity()).isGreaterThanOrEqualTo(95);
        assertThat(blur.fidelity()).isGreaterThanOrEqualTo(95);
        // A caption band over an eighth of the picture is a visible local change: lower, still clearly the same picture.
        assertThat(caption.fidelity()).isBetween(70, 95);
        assertThat(tint.flags()).isEmpty();
        assertThat(blur.flags()).isEmpty();
        assertThat(caption.flags()).isEmpty();
    }

    @Test
    void anUnrelatedPictureScoresLow() {
        Comparison other = scorer.compare(parent, Scenes.landscape(99, 640, 480));
        Comparison smoothOther = scorer.compare(parent, Scenes.blurred(Scenes.landscape(12345, 640, 480), 3));

        assertThat(other.fidelity()).isLessThanOrEqualTo(30);
        assertThat(smoothOther.fidelity()).isLessThanOrEqualTo(30);
        assertThat(other.hashDistance()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aBlankOutputIsFlaggedAndScoresLow() {
        Comparison blank = scorer.compare(parent, Scenes.flat(640, 480, new Color(128, 128, 128)));
        Comparison nearlyBlank = scorer.compare(parent, Scenes.noisy(Scenes.flat(640, 480, new Color(250, 250, 250)), 1, 2));

        assertThat(blank.flags()).containsExactly(QualityFlag.BLANK);
        assertThat(blank.fidelity()).isLessThanOrEqualTo(30);
        assertThat(nearlyBlank.flags()).contains(QualityFlag.BLANK);
    }

    @Test
    void aFlatParentEditedIntoAnotherFlatColourIsNotFlaggedBlank() {
        Comparison recolour = scorer.compare(Scenes.flat(100, 100, Color.RED), Scenes.flat(100, 100, Color.BLUE));

        assertThat(recolour.flags()).isEmpty();
    }

    @Test
    void aHeavilyDownscaledOutputIsFlaggedButStillReadsAsTheSamePicture() {
        Comparison quarter = scorer.compare(parent, Scenes.resized(parent, 160, 120));
        Comparison half = scorer.compare(parent, Scenes.resized(parent, 320, 240));

        assertThat(quarter.flags()).containsExactly(QualityFlag.RESOLUTION_LOSS);
        assertThat(quarter.fidelity()).isGreaterThanOrEqualTo(85);
        assertThat(half.flags()).isEmpty();
    }

    @Test
    void aCropToAnotherAspectRatioIsComparedWithTheSamePartOfTheParent() {
        Comparison crop = scorer.compare(parent, parent.getSubimage(0, 60, 640, 360));

        assertThat(crop.fidelity()).isGreaterThanOrEqualTo(95);
        assertThat(crop.flags()).isEmpty();
    }

    @Test
    void aVeryLowQualityJpegIsFlaggedForArtefactsAndAGoodOneIsNot() {
        Comparison crushed = scorer.compare(parent, Scenes.jpeg(parent, 0.03f));
        Comparison usual = scorer.compare(parent, Scenes.jpeg(parent, 0.75f));
        Comparison good = scorer.compare(parent, Scenes.jpeg(parent, 0.9f));

        assertThat(crushed.flags()).containsExactly(QualityFlag.ARTEFACTS);
        assertThat(usual.flags()).isEmpty();
        assertThat(good.flags()).isEmpty();
        assertThat(good.fidelity()).isGreaterThan(crushed.fidelity());
    }

    @Test
    void heavyNoiseOnASmoothPictureIsFlaggedButARequestedSharpenIsNot() {
        BufferedImage smooth = Scenes.blurred(parent, 3);
        Comparison noisy = scorer.compare(smooth, Scenes.noisy(smooth, 3, 40));
        Comparison sharpened = scorer.compare(parent,
                new ConvolveOp(new Kernel(3, 3, new float[]{0, -1, 0, -1, 5, -1, 0, -1, 0}), ConvolveOp.EDGE_NO_OP, null)
                        .filter(parent, null));

        assertThat(noisy.flags()).containsExactly(QualityFlag.ARTEFACTS);
        assertThat(sharpened.flags()).isEmpty();
    }

    @Test
    void theScoreCarriesTheFidelityAgainstTheSessionSource() {
        BufferedImage step = Scenes.captioned(parent, "one");
        BufferedImage output = Scenes.tinted(step, Color.ORANGE, 0.1);

        MeasuredImage source = scorer.measure(parent);
        MeasuredImage previous = scorer.measure(step);
        VariantScore score = scorer.score(previous, scorer.measure(output), source);
        VariantScore fromText = scorer.score(previous, scorer.measure(output), null);
        VariantScore firstEdit = scorer.score(source, scorer.measure(step), source);

        assertThat(score.fidelity()).isEqualTo(scorer.compare(step, output).fidelity());
        assertThat(score.sourceFidelity()).isEqualTo(scorer.compare(parent, output).fidelity()).isLessThan(score.fidelity());
        assertThat(fromText.sourceFidelity()).isNull();
        assertThat(firstEdit.sourceFidelity()).isEqualTo(firstEdit.fidelity());
    }

    @Test
    void aLargePhotoIsComparedOnASmallCopyButKeepsItsOwnSize() {
        BufferedImage large = Scenes.landscape(7, 2000, 1500);
        MeasuredImage measured = scorer.measure(large);

        assertThat(measured.whole()).isEqualTo(new Region(0, 0, 512, 384));
        assertThat(measured.width()).isEqualTo(2000);
        assertThat(measured.height()).isEqualTo(1500);
        assertThat(scorer.compare(large, Scenes.tinted(large, new Color(40, 80, 255), 0.15)).fidelity()).isGreaterThanOrEqualTo(95);
        // Scale is read in the images' own pixels: half the size is kept, a quarter is a loss, though both copies are 512 wide.
        assertThat(scorer.compare(large, Scenes.resized(large, 1000, 750)).flags()).isEmpty();
        assertThat(scorer.compare(large, Scenes.resized(large, 500, 375)).flags()).containsExactly(QualityFlag.RESOLUTION_LOSS);
    }

    @Test
    void blockArtefactsOfALargeJpegAreStillSeenOnItsFullResolution() {
        BufferedImage large = Scenes.landscape(7, 2000, 1500);

        assertThat(scorer.compare(large, Scenes.jpeg(large, 0.03f)).flags()).containsExactly(QualityFlag.ARTEFACTS);
        assertThat(scorer.compare(large, Scenes.jpeg(large, 0.9f)).flags()).isEmpty();
    }

    @Test
    void aJpegMeasuredFromItsLuminanceChannelScoresAsItsDecodedPixelsDo() {
        BufferedImage large = Scenes.landscape(7, 1632, 1224);
        byte[] parentJpeg = Scenes.jpegBytes(large, 0.9f);
        java.util.Map<String, byte[]> outputs = new java.util.LinkedHashMap<>();
        outputs.put("same", parentJpeg);
        outputs.put("tinted", Scenes.jpegBytes(Scenes.tinted(large, new Color(40, 80, 255), 0.15), 0.9f));
        outputs.put("captioned", Scenes.jpegBytes(Scenes.captioned(large, "Summer 1962"), 0.9f));
        outputs.put("unrelated", Scenes.jpegBytes(Scenes.landscape(99, 1632, 1224), 0.9f));
        outputs.put("crushed", Scenes.jpegBytes(large, 0.03f));
        outputs.put("noisy", Scenes.jpegBytes(Scenes.noisy(Scenes.blurred(large, 3), 3, 40), 0.9f));
        outputs.put("blank", Scenes.jpegBytes(Scenes.flat(1632, 1224, Color.GRAY), 0.9f));
        outputs.put("quarter", Scenes.jpegBytes(Scenes.resized(large, 408, 306), 0.9f));
        var decoder = dev.kontextbot.testing.TestImages.decoder();
        MeasuredImage parentPixels = decoder.decode(parentJpeg, scorer::measure);
        MeasuredImage parentLuma = decoder.decodeJpegLuma(parentJpeg, scorer::measureLuma).orElseThrow();

        outputs.forEach((name, jpeg) -> {
            Comparison pixels = scorer.compare(parentPixels, decoder.decode(jpeg, scorer::measure));
            Comparison luma = scorer.compare(parentLuma, decoder.decodeJpegLuma(jpeg, scorer::measureLuma).orElseThrow());

            assertThat(luma.flags()).as(name).isEqualTo(pixels.flags());
            // A crushed JPEG's RGB clips where its coarse chroma overshoots, its luminance channel does not: its fidelity
            // moves by up to 2 points and a few of its hash's 64 bits (cells of nearly equal brightness) flip.
            assertThat(luma.fidelity()).as(name).isCloseTo(pixels.fidelity(), org.assertj.core.data.Offset.offset(2));
            assertThat(luma.hashDistance()).as(name).isCloseTo(pixels.hashDistance(), org.assertj.core.data.Offset.offset(3));
        });
    }
}
