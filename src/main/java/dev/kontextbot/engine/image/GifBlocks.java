package dev.kontextbot.engine.image;

import dev.kontextbot.engine.image.HeaderBytes.Damaged;

/**
 * Walks a GIF's blocks. Decoders allocate each frame at the size its image descriptor gives, whatever the logical
 * screen says, so every descriptor counts. A file cut off inside a block is damaged; one that lacks only the
 * trailer after complete blocks is accepted, as browsers do.
 */
final class GifBlocks {
    private static final int IMAGE = 0x2C;
    private static final int EXTENSION = 0x21;
    private static final int TRAILER = 0x3B;

    private GifBlocks() {
    }

    static ImageHeader read(HeaderBytes b) throws Damaged {
        int screenWidth = b.u16le(6);
        int screenHeight = b.u16le(8);
        int flags = b.u8(10);
        int at = 13 + colourTable(flags);
        ImageHeader header = null;
        while (at < b.length()) {
            int block = b.u8(at);
            if (block == TRAILER) {
                break;
            } else if (block == IMAGE) {
                int width = b.u16le(at + 5);
                int height = b.u16le(at + 7);
                if (width == 0 || height == 0) {
                    throw new Damaged("a frame of " + width + "×" + height);
                }
                header = header == null
                        ? new ImageHeader(screenWidth > 0 ? screenWidth : width, screenHeight > 0 ? screenHeight : height, width, height)
                                .withFrame(Math.max(1, screenWidth), Math.max(1, screenHeight))
                        : header.withFrame(width, height);
                at += 10 + colourTable(b.u8(at + 9));
                b.u8(at); // LZW minimum code size
                at = afterSubBlocks(b, at + 1);
            } else if (block == EXTENSION) {
                b.u8(at + 1); // label
                at = afterSubBlocks(b, at + 2);
            } else {
                throw new Damaged("unknown block 0x" + Integer.toHexString(block));
            }
        }
        if (header == null) {
            throw new Damaged("no frame");
        }
        return header;
    }

    private static int colourTable(int flags) {
        return (flags & 0x80) == 0 ? 0 : 3 * (1 << ((flags & 0x07) + 1));
    }

    private static int afterSubBlocks(HeaderBytes b, int at) throws Damaged {
        int size;
        while ((size = b.u8(at)) != 0) {
            at += 1 + size;
        }
        return at + 1;
    }
}
