package dev.kontextbot.engine.image;

import dev.kontextbot.testing.CraftedImages;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageInspectorTest {
    private final ImageInspector inspector = new ImageInspector(1_000_000, 10_000_000);

    private static byte[] encode(String format, int width, int height) {
        return TestImages.encode(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format);
    }

    @Test
    void readsFormatAndSizeOfPngJpegAndGif() throws IOException {
        assertThat(inspector.inspect(encode("png", 30, 20))).isEqualTo(new InspectedImage(ImageFormat.PNG, 30, 20));
        assertThat(inspector.inspect(encode("jpg", 17, 9))).isEqualTo(new InspectedImage(ImageFormat.JPEG, 17, 9));
        assertThat(inspector.inspect(encode("gif", 5, 6))).isEqualTo(new InspectedImage(ImageFormat.GIF, 5, 6));
    }

    @Test
    void readsWebpSizeFromItsHeader() {
        assertThat(inspector.inspect(CraftedImages.webp(200, 100, 200, 100))).isEqualTo(new InspectedImage(ImageFormat.WEBP, 200, 100));
        assertThat(inspector.inspect(CraftedImages.webpVp8(64, 48))).isEqualTo(new InspectedImage(ImageFormat.WEBP, 64, 48));
    }

    @Test
    void refusesAPixelBombBeforeDecodingIt() {
        byte[] png = CraftedImages.png(60_000, 60_000);
        assertThatThrownBy(() -> inspector.inspect(png)).isInstanceOf(UnusableImageException.class)
                .hasMessageContaining("60000×60000").hasMessageContaining("megapixels");
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> inspector.inspect(new byte[0])).hasMessage("The file is empty.");
        assertThatThrownBy(() -> inspector.inspect("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).hasMessageContaining("not an image");
        assertThatThrownBy(() -> inspector.inspect("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not an image");
        assertThatThrownBy(() -> inspector.inspect(new byte[2_000_000])).hasMessageContaining("limit is 1.0 MB");
    }

    @Test
    void refusesATruncatedJpeg() {
        assertThatThrownBy(() -> inspector.inspect(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0}))
                .hasMessageContaining("damaged");
    }

    @Test
    void refusesPolyglotsThatHideDataAfterTheImage() {
        byte[] png = encode("png", 8, 8);
        byte[] zip = new byte[200];
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        byte[] polyglot = java.util.Arrays.copyOf(png, png.length + zip.length);
        System.arraycopy(zip, 0, polyglot, png.length, zip.length);
        byte[] jpegWithHtml = (new String(encode("jpg", 8, 8), StandardCharsets.ISO_8859_1)
                + "<html><script>alert(1)</script>" + "x".repeat(100) + "</html>").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> inspector.inspect(polyglot)).hasMessageContaining("extra data after the image");
        assertThatThrownBy(() -> inspector.inspect(jpegWithHtml)).hasMessageContaining("extra data after the image");
        assertThat(inspector.inspect(java.util.Arrays.copyOf(png, png.length + 10)).format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void refusesExecutablesAndArchives() {
        for (String header : new String[]{"MZ\u0090\u0000", "\u007fELF\u0002", "PK\u0003\u0004", "#!/bin/sh\n", "\u00ca\u00fe\u00ba\u00be"}) {
            assertThatThrownBy(() -> inspector.inspect((header + "payload").getBytes(StandardCharsets.ISO_8859_1)))
                    .as(header).hasMessageContaining("not an image");
        }
    }

    @Test
    void refusesAGifWhoseFrameIsFarLargerThanItsScreen() {
        byte[] gif = CraftedImages.gif(8, 20_000, 20_000);
        assertThat(gif.length).isLessThan(40);

        assertThatThrownBy(() -> inspector.inspect(gif)).isInstanceOf(UnusableImageException.class)
                .hasMessageContaining("20000×20000").hasMessageContaining("10 megapixels");
        assertThat(inspector.inspect(CraftedImages.gif(8, 8, 8))).isEqualTo(new InspectedImage(ImageFormat.GIF, 8, 8));
    }

    @Test
    void refusesAJpegWhoseSecondFrameIsTooLarge() {
        assertThat(inspector.inspect(CraftedImages.jpeg(64, 32))).isEqualTo(new InspectedImage(ImageFormat.JPEG, 64, 32));
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.jpeg(8, 8, 30_000, 30_000))).hasMessageContaining("30000×30000");
    }

    @Test
    void refusesAnApngFrameLargerThanTheLimit() {
        assertThat(inspector.inspect(CraftedImages.apng(64, 64, 64, 64))).isEqualTo(new InspectedImage(ImageFormat.PNG, 64, 64));
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.apng(64, 64, 20_000, 20_000))).hasMessageContaining("20000×20000");
    }

    @Test
    void toleratesStrayBytesBeforeAJpegMarkerAsDecodersDo() {
        byte[] jpeg = CraftedImages.jpeg(64, 32);
        byte[] padded = new byte[jpeg.length + 3];
        int afterFrameHeader = 2 + 13;
        System.arraycopy(jpeg, 0, padded, 0, afterFrameHeader);
        System.arraycopy(jpeg, afterFrameHeader, padded, afterFrameHeader + 3, jpeg.length - afterFrameHeader);
        assertThat(inspector.inspect(padded)).isEqualTo(new InspectedImage(ImageFormat.JPEG, 64, 32));
    }

    @Test
    void refusesWebpFramesAndBitstreamsLargerThanTheLimit() {
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.webp(8, 8, 20_000, 20_000))).hasMessageContaining("20000×20000");
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.webp(20_000, 20_000, 8, 8))).hasMessageContaining("20000×20000");
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.webpVp8(16_000, 16_000))).hasMessageContaining("16000×16000");
    }

    @Test
    void refusesAnAvifWithAnyExtentLargerThanTheLimit() {
        assertThat(inspector.inspect(CraftedImages.avif(512, 512, 256, 256))).isEqualTo(new InspectedImage(ImageFormat.AVIF, 512, 512));
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.avif(64, 64, 40_000, 40_000))).hasMessageContaining("40000×40000");
    }

    @Test
    void aPngWhoseHeaderIsGarbageIsDamagedNotHuge() {
        assertThatThrownBy(() -> inspector.inspect(CraftedImages.pngWithGarbageHeader()))
                .hasMessageContaining("damaged or unreadable").hasMessageNotContaining("pixels");
        // Even with a CRC that matches, values no PNG may have (colour type 'y') are damage.
        byte[] textWithCrc = CraftedImages.png("not really an".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> inspector.inspect(textWithCrc)).hasMessageContaining("damaged or unreadable");
    }

    @Test
    void refusesATruncatedPngBeforeAnythingDecodesIt() {
        byte[] png = TestImages.encode(TestImages.drawn(64, 64, (x, y) -> x * 4000 + y * 97), "png");
        for (int cut : new int[]{20, 33, 40, png.length / 2, png.length - 13}) {
            assertThatThrownBy(() -> inspector.inspect(java.util.Arrays.copyOf(png, cut))).as("cut at %d", cut)
                    .hasMessageContaining("damaged or unreadable");
        }
        assertThat(inspector.inspect(png).width()).isEqualTo(64);
    }
}
