package dev.kontextbot.engine.image;

import dev.kontextbot.engine.image.HeaderBytes.Damaged;

/**
 * Walks a JPEG's marker segments, skipping the entropy-coded data after each SOS, and reads every frame header
 * (SOF0–SOF15 but DHT, JPG and DAC, and DHP): a file may carry more than one, and the largest is what a decoder
 * may be made to allocate. A JPEG without a frame header or a scan cannot be shown.
 */
final class JpegMarkers {
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int DHP = 0xDE;

    private JpegMarkers() {
    }

    static ImageHeader read(HeaderBytes b) throws Damaged {
        int at = 2;
        ImageHeader header = null;
        boolean scan = false;
        while (at < b.length()) {
            while (b.u8(at) != 0xFF) {
                at++; // stray bytes before a marker: libjpeg warns and skips them, and cameras do write them
            }
            while (b.u8(at) == 0xFF) {
                at++;
            }
            int marker = b.u8(at++);
            if (marker == EOI) {
                break;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            int length = b.u16be(at);
            if (length < 2) {
                throw new Damaged("segment of length " + length);
            }
            b.need(at, length);
            if (frameHeader(marker)) {
                int height = b.u16be(at + 3);
                int width = b.u16be(at + 5);
                if (width == 0 || height == 0) {
                    // A height of 0 defers it to a DNL marker, which Java's decoder does not support either.
                    throw new Damaged("a frame of " + width + "×" + height);
                }
                header = header == null ? ImageHeader.of(width, height) : header.withFrame(width, height);
            }
            at += length;
            if (marker == SOS) {
                scan = true;
                at = afterEntropyCodedData(b, at);
            }
        }
        if (header == null || !scan) {
            throw new Damaged(header == null ? "no frame header" : "no scan");
        }
        return header;
    }

    private static boolean frameHeader(int marker) {
        return (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) || marker == DHP;
    }

    /** Up to the next marker: 0xFF followed by anything but a stuffed 0x00 or a restart marker. */
    private static int afterEntropyCodedData(HeaderBytes b, int at) throws Damaged {
        byte[] bytes = b.array();
        for (int i = at; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xFF) {
                int next = bytes[i + 1] & 0xff;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
        }
        // Cut off inside the last scan: decoders show what arrived (cameras and uploads do this); nothing more to read.
        return bytes.length;
    }
}
