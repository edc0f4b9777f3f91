package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UploadFitterTest {
    private final UploadFitter fitter = new UploadFitter(TestImages.decoder());

    @Test
    void aResultUnderTheLimitIsUploadedAsItIs() {
        byte[] png = TestImages.encode(TestImages.drawn(64, 64, (x, y) -> x * 1000 + y), "png");

        UploadFitter.Fitted fitted = fitter.fit(png, "png", 1_000_000);

        assertThat(fitted.bytes()).isSameAs(png);
        assertThat(fitted.extension()).isEqualTo("png");
        assertThat(fitted.changed()).isFalse();
    }

    @Test
    void aResultOverTheLimitIsConvertedAndScaledDownNeverDropped() throws IOException {
        Random noise = new Random(7);
        byte[] png = TestImages.encode(TestImages.drawn(1600, 1200, (x, y) -> noise.nextInt(0xFFFFFF)), "png");
        long limit = 400_000;
        assertThat(png.length).isGreaterThan((int) limit * 10);

        UploadFitter.Fitted fitted = fitter.fit(png, "png", limit);

        assertThat(fitted.bytes().length).isLessThanOrEqualTo((int) limit);
        assertThat(fitted.extension()).isEqualTo("jpg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fitted.bytes()));
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo(4.0 / 3, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aWebpOverTheLimitAsReplicatesFlux2AnswersIsShrunkToAJpegNotLost() throws IOException {
        byte[] webp = getClass().getResourceAsStream("/images/noise-400x300.webp").readAllBytes();
        long limit = webp.length / 3;

        UploadFitter.Fitted fitted = fitter.fit(webp, UploadFitter.extensionOf(webp), limit);

        assertThat(fitted.changed()).isTrue();
        assertThat(fitted.extension()).isEqualTo("jpg");
        assertThat(fitted.bytes().length).isLessThanOrEqualTo((int) limit);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fitted.bytes()));
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo(4.0 / 3, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aWebpUnderTheLimitKeepsItsOwnExtension() throws IOException {
        byte[] webp = getClass().getResourceAsStream("/images/noise-400x300.webp").readAllBytes();

        UploadFitter.Fitted fitted = fitter.fit(webp, UploadFitter.extensionOf(webp), 10_000_000);

        assertThat(fitted.extension()).isEqualTo("webp");
        assertThat(fitted.bytes()).isSameAs(webp);
    }
}
