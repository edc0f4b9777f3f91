package dev.kontextbot.engine.image;

/**
 * Bounds-checked reads of header fields. Running past the end means the file was cut short, and every format
 * reader reports that the same way: as a damaged image.
 */
final class HeaderBytes {
    /** The headers contradict themselves or end early; the dispatcher turns it into the person's message. */
    static final class Damaged extends Exception {
        Damaged(String why) {
            super(why, null, false, false);
        }
    }

    private final byte[] b;

    HeaderBytes(byte[] b) {
        this.b = b;
    }

    int length() {
        return b.length;
    }

    byte[] array() {
        return b;
    }

    void need(long at, long count) throws Damaged {
        if (at < 0 || count < 0 || at + count > b.length) {
            throw new Damaged("cut short at byte " + Math.min(at, b.length));
        }
    }

    int u8(int at) throws Damaged {
        need(at, 1);
        return b[at] & 0xff;
    }

    int u16le(int at) throws Damaged {
        need(at, 2);
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    int u16be(int at) throws Damaged {
        need(at, 2);
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    int u24le(int at) throws Damaged {
        need(at, 3);
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    long u32le(int at) throws Damaged {
        need(at, 4);
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    long u32be(int at) throws Damaged {
        need(at, 4);
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    long u64be(int at) throws Damaged {
        return u32be(at) << 32 | u32be(at + 4);
    }

    String ascii(int at, int count) throws Damaged {
        need(at, count);
        return new String(b, at, count, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A size field that must fit an int: beyond that, it is garbage for any image we accept. */
    static int side(long value) throws Damaged {
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new Damaged("impossible size " + value);
        }
        return (int) value;
    }
}
