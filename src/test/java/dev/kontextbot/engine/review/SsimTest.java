package dev.kontextbot.engine.review;

import dev.kontextbot.testing.Scenes;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

class SsimTest {
    private final Ssim ssim = new Ssim();

    private static LumaGrid grid(BufferedImage image) {
        LumaPlane plane = LumaPlane.of(image);
        return LumaGrid.sample(plane, plane.whole(), FidelityScorer.GRID, FidelityScorer.GRID);
    }

    @Test
    void aGridComparedAgainKeepsItsMomentsAndScoresExactlyAsAFreshOne() {
        BufferedImage parent = Scenes.landscape(7, 640, 480);
        BufferedImage edited = Scenes.blurred(parent, 2);
        BufferedImage unrelated = Scenes.landscape(99, 640, 480);
        LumaGrid kept = grid(parent);

        double first = ssim.of(kept, grid(edited));
        double other = ssim.of(kept, grid(unrelated));
        double again = ssim.of(kept, grid(edited));

        // A turn's output is compared with its parent and the source, and is the next turn's parent: its moments are computed once.
        assertThat(kept.moments()).isSameAs(kept.moments());
        assertThat(again).isEqualTo(first).isEqualTo(ssim.of(grid(parent), grid(edited)));
        assertThat(other).isEqualTo(ssim.of(grid(parent), grid(unrelated)));
        assertThat(first).isGreaterThan(other);
        assertThat(ssim.of(kept, kept)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void gridsSmallerThanTheWindowCompareAsOneWindow() {
        LumaPlane plane = LumaPlane.of(Scenes.landscape(7, 64, 48));
        LumaGrid small = LumaGrid.sample(plane, plane.whole(), 8, 8);
        LumaGrid inverted = LumaGrid.sample(LumaPlane.of(invert(Scenes.landscape(7, 64, 48))), plane.whole(), 8, 8);

        assertThat(ssim.of(small, small)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ssim.of(small, inverted)).isLessThan(0);
    }

    private static BufferedImage invert(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(x, y, ~image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return out;
    }
}
