package dev.kontextbot.engine.image;

import dev.kontextbot.engine.image.HeaderBytes.Damaged;

import java.util.Set;

/**
 * Walks an AVIF's boxes down to meta/iprp/ipco and reads every image spatial extent ('ispe'): the primary image,
 * grid tiles, alpha and thumbnails each declare one. Decoding AVIF needs a codec we do not ship; its sizes still
 * decide whether a provider is sent a picture larger than the limit.
 */
final class AvifBoxes {
    /** Boxes whose children hold the item properties; meta is a full box (4 bytes of version and flags first). */
    private static final Set<String> CONTAINERS = Set.of("meta", "iprp", "ipco");

    private AvifBoxes() {
    }

    static ImageHeader read(HeaderBytes b) throws Damaged {
        ImageHeader header = walk(b, 0, b.length(), null);
        if (header == null) {
            throw new Damaged("no ispe box");
        }
        // Property order is free, so the first extent may be a tile's: the largest is the picture's.
        return ImageHeader.of(header.largestWidth(), header.largestHeight());
    }

    private static ImageHeader walk(HeaderBytes b, int at, int end, ImageHeader header) throws Damaged {
        while (at + 8 <= end) {
            long size = b.u32be(at);
            String type = b.ascii(at + 4, 4);
            int headerLength = 8;
            if (size == 1) {
                size = b.u64be(at + 8);
                headerLength = 16;
            } else if (size == 0) {
                size = end - at;
            }
            if (size < headerLength || at + size > end) {
                throw new Damaged("box " + type + " runs past its container");
            }
            int body = at + headerLength;
            int boxEnd = (int) (at + size);
            if (CONTAINERS.contains(type)) {
                header = walk(b, type.equals("meta") ? body + 4 : body, boxEnd, header);
            } else if (type.equals("ispe")) {
                int width = HeaderBytes.side(b.u32be(body + 4));
                int height = HeaderBytes.side(b.u32be(body + 8));
                header = header == null ? ImageHeader.of(width, height) : header.withFrame(width, height);
            }
            at = boxEnd;
        }
        return header;
    }
}
