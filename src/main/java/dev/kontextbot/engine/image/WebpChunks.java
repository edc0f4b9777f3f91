package dev.kontextbot.engine.image;

import dev.kontextbot.engine.image.HeaderBytes.Damaged;

/**
 * Walks a WebP's RIFF chunks: the VP8X canvas, every animation frame (ANMF) and every VP8/VP8L bitstream header
 * (nested in frames too) declare a size a decoder allocates. A chunk running past the end is a cut-off file.
 */
final class WebpChunks {
    private WebpChunks() {
    }

    static ImageHeader read(HeaderBytes b) throws Damaged {
        long riffEnd = Math.min(b.length(), 8 + b.u32le(4));
        ImageHeader header = walk(b, 12, (int) riffEnd, null);
        if (header == null) {
            throw new Damaged("no canvas and no bitstream");
        }
        return header;
    }

    private static ImageHeader walk(HeaderBytes b, int at, int end, ImageHeader header) throws Damaged {
        while (at + 8 <= end) {
            String type = b.ascii(at, 4);
            long size = b.u32le(at + 4);
            int body = at + 8;
            b.need(body, size);
            if (body + size > end) {
                throw new Damaged("chunk " + type + " runs past its container");
            }
            switch (type) {
                case "VP8X" -> header = add(header, 1 + b.u24le(body + 4), 1 + b.u24le(body + 7), size >= 10);
                case "ANMF" -> {
                    header = add(header, 1 + b.u24le(body + 6), 1 + b.u24le(body + 9), size >= 16);
                    header = walk(b, body + 16, (int) (body + size), header);
                }
                case "VP8 " -> {
                    if (size < 10 || b.u8(body + 3) != 0x9D || b.u8(body + 4) != 0x01 || b.u8(body + 5) != 0x2A) {
                        throw new Damaged("VP8 bitstream without its start code");
                    }
                    header = add(header, b.u16le(body + 6) & 0x3fff, b.u16le(body + 8) & 0x3fff, true);
                }
                case "VP8L" -> {
                    if (size < 5 || b.u8(body) != 0x2F) {
                        throw new Damaged("VP8L bitstream without its signature");
                    }
                    long bits = b.u32le(body + 1);
                    header = add(header, 1 + (int) (bits & 0x3fff), 1 + (int) ((bits >> 14) & 0x3fff), true);
                }
                default -> {
                    // ALPH, ICCP, ANIM, EXIF, XMP and unknown chunks carry no size to allocate.
                }
            }
            at = body + (int) size + (int) (size & 1);
        }
        return header;
    }

    private static ImageHeader add(ImageHeader header, int width, int height, boolean complete) throws Damaged {
        if (!complete || width <= 0 || height <= 0) {
            throw new Damaged("a size field that is cut short or zero");
        }
        return header == null ? ImageHeader.of(width, height) : header.withFrame(width, height);
    }
}
