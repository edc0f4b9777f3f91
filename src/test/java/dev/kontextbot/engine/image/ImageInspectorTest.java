package dev.kontextbot.engine.image;

import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

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
        byte[] webp = new byte[30];
        put(webp, 0, "RIFF");
        put(webp, 8, "WEBP");
        put(webp, 12, "VP8X");
        webp[24] = (byte) 199; // canvas width - 1 = 199
        webp[27] = (byte) 99;
        assertThat(inspector.inspect(webp)).isEqualTo(new InspectedImage(ImageFormat.WEBP, 200, 100));
    }

    @Test
    void refusesAPixelBombBeforeDecodingIt() {
        byte[] png = pngHeader(60_000, 60_000);
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

    private static void put(byte[] target, int at, String ascii) {
        System.arraycopy(ascii.getBytes(StandardCharsets.US_ASCII), 0, target, at, ascii.length());
    }

    private static byte[] pngHeader(int width, int height) {
        ByteBuffer buffer = ByteBuffer.allocate(33);
        buffer.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        buffer.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        buffer.put(new byte[]{8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 12, 17);
        buffer.putInt((int) crc.getValue());
        return buffer.array();
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
}
