package dev.kontextbot.bench;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A network link's rates as the loopback provider sees them: request bodies are read at {@code uploadBitsPerSecond}
 * (the bot's uplink), responses written at {@code downloadBitsPerSecond}. 0: as fast as loopback goes. Each request
 * is paced on its own (one person's turn on a link of its own), so concurrent samples do not slow each other.
 */
record Link(long uploadBitsPerSecond, long downloadBitsPerSecond) {
    static final Link LOOPBACK = new Link(0, 0);
    /** A home or small-VPS uplink: 20 Mbit/s up, 100 Mbit/s down. */
    static final Link HOME = new Link(20_000_000, 100_000_000);

    private static final int CHUNK = 16 * 1024;

    InputStream upload(InputStream in) {
        return uploadBitsPerSecond == 0 ? in : new PacedInput(in, uploadBitsPerSecond / 8);
    }

    OutputStream download(OutputStream out) {
        return downloadBitsPerSecond == 0 ? out : new PacedOutput(out, downloadBitsPerSecond / 8);
    }

    /** Sleeps until {@code bytes} have taken their time at {@code bytesPerSecond} since {@code start}. */
    private static void pace(long start, long bytes, long bytesPerSecond) {
        long due = start + bytes * 1_000_000_000L / bytesPerSecond;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static final class PacedInput extends FilterInputStream {
        private final long rate;
        private long start = -1;
        private long bytes;

        PacedInput(InputStream in, long rate) {
            super(in);
            this.rate = rate;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, Math.min(length, CHUNK));
            if (n > 0) {
                if (start < 0) {
                    start = System.nanoTime();
                }
                bytes += n;
                pace(start, bytes, rate);
            }
            return n;
        }
    }

    private static final class PacedOutput extends FilterOutputStream {
        private final long rate;
        private long start = -1;
        private long bytes;

        PacedOutput(OutputStream out, long rate) {
            super(out);
            this.rate = rate;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            if (start < 0) {
                start = System.nanoTime();
            }
            for (int done = 0; done < length; ) {
                int n = Math.min(CHUNK, length - done);
                out.write(buffer, offset + done, n);
                done += n;
                bytes += n;
                pace(start, bytes, rate);
            }
        }
    }
}
