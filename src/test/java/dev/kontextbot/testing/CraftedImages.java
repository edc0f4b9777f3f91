package dev.kontextbot.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Tiny hand-built files whose headers say what an attacker wants them to: a GIF with an 8×8 screen and a huge
 * frame, a PNG whose IHDR is text, a WebP or AVIF declaring a canvas no decoder should allocate.
 */
public final class CraftedImages {
    private CraftedImages() {
    }

    /** A complete PNG (IHDR, one IDAT, IEND) whose IHDR declares {@code width}×{@code height}. */
    public static byte[] png(int width, int height) {
        return png(ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[]{8, 2, 0, 0, 0}).array());
    }

    /** A PNG whose IHDR holds {@code ihdr} (13 bytes), with a matching CRC. */
    public static byte[] png(byte[] ihdr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(chunk("IHDR", ihdr));
        out.writeBytes(chunk("IDAT", new byte[]{0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** An APNG: a {@code width}×{@code height} IHDR and one frame control chunk declaring a larger frame. */
    public static byte[] apng(int width, int height, int frameWidth, int frameHeight) {
        byte[] png = png(width, height);
        byte[] fctl = chunk("fcTL", ByteBuffer.allocate(26).putInt(0).putInt(frameWidth).putInt(frameHeight).array());
        int afterIhdr = 8 + 25;
        return concat(Arrays.copyOf(png, afterIhdr), fctl, Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    /** A PNG chunk: length, type, data, CRC over type and data. */
    public static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).putInt(data.length).put(ascii(type)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        return b.putInt((int) crc.getValue()).array();
    }

    /** A PNG whose IHDR is the text "not really an image" (a CRC that does not match, as in a damaged file). */
    public static byte[] pngWithGarbageHeader() {
        byte[] png = png(1, 1);
        System.arraycopy(ascii("not really an"), 0, png, 16, 13);
        return png;
    }

    /** A GIF89a with a {@code screen}×{@code screen} logical screen and one {@code frameWidth}×{@code frameHeight} frame. */
    public static byte[] gif(int screen, int frameWidth, int frameHeight) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("GIF89a")).putShort((short) screen).putShort((short) screen).put((byte) 0x80).put((byte) 0).put((byte) 0);
        b.put(new byte[]{0, 0, 0, (byte) 255, (byte) 255, (byte) 255}); // global colour table, 2 entries
        b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) frameWidth).putShort((short) frameHeight).put((byte) 0);
        b.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0); // LZW: clear, end
        b.put((byte) 0x3B);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A baseline JPEG skeleton: one SOF0 + SOS per {@code sizes} pair (width, height), then EOI. */
    public static byte[] jpeg(int... sizes) {
        ByteBuffer b = ByteBuffer.allocate(32 * sizes.length + 8);
        b.put((byte) 0xFF).put((byte) 0xD8);
        for (int i = 0; i < sizes.length; i += 2) {
            b.put((byte) 0xFF).put((byte) 0xC0).putShort((short) 11).put((byte) 8).putShort((short) sizes[i + 1]).putShort((short) sizes[i])
                    .put((byte) 1).put((byte) 1).put((byte) 0x11).put((byte) 0);
            b.put((byte) 0xFF).put((byte) 0xDA).putShort((short) 8).put((byte) 1).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 63)
                    .put((byte) 0);
            b.put(new byte[]{0x12, (byte) 0xFF, 0x00, 0x34});
        }
        b.put((byte) 0xFF).put((byte) 0xD9);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** An animated WebP: a VP8X canvas and one ANMF frame of the given size, holding a tiny VP8L bitstream. */
    public static byte[] webp(int canvasWidth, int canvasHeight, int frameWidth, int frameHeight) {
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x02).put(new byte[3]);
        u24(vp8x, canvasWidth - 1);
        u24(vp8x, canvasHeight - 1);
        ByteBuffer vp8l = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x2F).putInt(0).put((byte) 0);
        byte[] nested = riffChunk("VP8L", Arrays.copyOf(vp8l.array(), 5));
        ByteBuffer anmf = ByteBuffer.allocate(16 + nested.length).order(ByteOrder.LITTLE_ENDIAN);
        u24(anmf, 0);
        u24(anmf, 0);
        u24(anmf, frameWidth - 1);
        u24(anmf, frameHeight - 1);
        u24(anmf, 100);
        anmf.put((byte) 0).put(nested);
        return riff(riffChunk("VP8X", vp8x.array()), riffChunk("ANMF", anmf.array()));
    }

    /** A lossy WebP whose VP8 key frame declares {@code width}×{@code height} (at most 16383 each). */
    public static byte[] webpVp8(int width, int height) {
        ByteBuffer vp8 = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put(new byte[]{0x10, 0x02, 0x00})
                .put(new byte[]{(byte) 0x9D, 0x01, 0x2A}).putShort((short) width).putShort((short) height);
        return riff(riffChunk("VP8 ", vp8.array()));
    }

    /** An AVIF skeleton whose ipco holds one 'ispe' per (width, height) pair. */
    public static byte[] avif(int... sizes) {
        ByteArrayOutputStream extents = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i += 2) {
            extents.writeBytes(box("ispe", ByteBuffer.allocate(12).putInt(0).putInt(sizes[i]).putInt(sizes[i + 1]).array()));
        }
        byte[] meta = concat(new byte[4], box("iprp", box("ipco", extents.toByteArray())));
        return concat(box("ftyp", concat(ascii("avif"), new byte[4], ascii("avifmif1"))), box("meta", meta));
    }

    private static byte[] box(String type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put(ascii(type)).put(body).array();
    }

    private static byte[] riff(byte[]... chunks) {
        byte[] body = concat(ascii("WEBP"), concat(chunks));
        return ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN).put(ascii("RIFF")).putInt(body.length).put(body).array();
    }

    private static byte[] riffChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(ascii(type)).putInt(data.length).put(data).array();
    }

    private static void u24(ByteBuffer b, int value) {
        b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
