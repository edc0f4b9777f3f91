package dev.kontextbot.engine.image;

import dev.kontextbot.engine.image.HeaderBytes.Damaged;

import java.util.Set;
import java.util.zip.CRC32;

/**
 * Walks a PNG's chunks to IEND. IHDR must come first, with a valid CRC and values the spec allows (else its
 * "size" is whatever bytes happen to be there); every APNG frame (fcTL) counts; a file that ends before IEND was
 * cut short, and would fail only later, when an edit decodes it.
 */
final class PngChunks {
    /** Chunks a decoder must read correctly: a CRC error there is damage, not a harmless ancillary glitch. */
    private static final Set<String> CRITICAL = Set.of("IHDR", "PLTE", "IDAT", "IEND");
    private static final long MAX_SIDE = 0x7fffffffL;

    private PngChunks() {
    }

    static ImageHeader read(HeaderBytes b) throws Damaged {
        int at = 8;
        ImageHeader header = null;
        boolean data = false;
        while (true) {
            long length = b.u32be(at);
            String type = b.ascii(at + 4, 4);
            if (length > MAX_SIDE) {
                throw new Damaged("chunk " + type + " claims " + length + " bytes");
            }
            b.need(at + 8, length + 4);
            int body = at + 8;
            if (CRITICAL.contains(type) && !crcMatches(b, at + 4, (int) length)) {
                throw new Damaged("CRC of " + type + " does not match");
            }
            if (header == null) {
                if (!type.equals("IHDR") || length != 13) {
                    throw new Damaged("the first chunk is " + type + ", not IHDR");
                }
                header = ihdr(b, body);
            } else if (type.equals("fcTL") && length >= 12) {
                header = header.withFrame(HeaderBytes.side(b.u32be(body + 4)), HeaderBytes.side(b.u32be(body + 8)));
            } else if (type.equals("IDAT")) {
                data = true;
            } else if (type.equals("IEND")) {
                if (!data) {
                    throw new Damaged("no image data before IEND");
                }
                return header;
            }
            at = body + (int) length + 4;
        }
    }

    private static ImageHeader ihdr(HeaderBytes b, int body) throws Damaged {
        int width = HeaderBytes.side(b.u32be(body));
        int height = HeaderBytes.side(b.u32be(body + 4));
        int depth = b.u8(body + 8);
        int colour = b.u8(body + 9);
        boolean allowed = switch (colour) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
        if (!allowed || b.u8(body + 10) != 0 || b.u8(body + 11) != 0 || b.u8(body + 12) > 1) {
            throw new Damaged("IHDR holds values no PNG may have");
        }
        return ImageHeader.of(width, height);
    }

    private static boolean crcMatches(HeaderBytes b, int typeAt, int length) throws Damaged {
        CRC32 crc = new CRC32();
        crc.update(b.array(), typeAt, 4 + length);
        return crc.getValue() == b.u32be(typeAt + 4 + length);
    }
}
