package dev.kontextbot.engine.image;

import java.util.concurrent.Semaphore;

/**
 * How many decoded pixels may be in memory at once across all threads. Each decode holds its share until the
 * caller is done with the picture, so six 49-megapixel uploads arriving together wait for each other instead of
 * exhausting the heap. A picture larger than the whole budget takes all of it and runs alone.
 */
public final class DecodingBudget {
    /**
     * Heap one decoded pixel costs at its peak: 4 bytes for the raster ImageIO returns (8 for 16-bit PNGs), a
     * working copy of 4 (the editor and the fitter draw into an RGB canvas), and ImageIO's row buffers.
     */
    static final int BYTES_PER_PIXEL = 12;
    /** Half of the heap: the rest is for the database, HTTP clients, JDA's caches and encoded bytes. */
    private static final double SHARE_OF_HEAP = 0.5;

    private final int total;
    private final Semaphore pixels;

    public DecodingBudget(long totalPixels) {
        if (totalPixels < 1) {
            throw new IllegalArgumentException("a decoding budget needs at least one pixel");
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, totalPixels);
        // Fair: a large picture waiting for the budget is not overtaken forever by a stream of small ones.
        this.pixels = new Semaphore(total, true);
    }

    public static DecodingBudget ofHeap(long maxHeapBytes) {
        return new DecodingBudget(Math.max(1, (long) (maxHeapBytes * SHARE_OF_HEAP) / BYTES_PER_PIXEL));
    }

    /** A share of the budget, given back on close. */
    public final class Share implements AutoCloseable {
        private final int count;
        private boolean closed;

        private Share(int count) {
            this.count = count;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                pixels.release(count);
            }
        }
    }

    /** Waits until {@code count} pixels (at most the whole budget) are free, and takes them. */
    Share take(long count) {
        int share = (int) Math.max(1, Math.min(total, count));
        try {
            pixels.acquire(share);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for memory to decode an image", e);
        }
        return new Share(share);
    }

    public long totalPixels() {
        return total;
    }

    public long availablePixels() {
        return pixels.availablePermits();
    }

    /** Whether some decode is waiting for pixels to be given back. */
    public boolean hasWaiting() {
        return pixels.hasQueuedThreads();
    }
}
