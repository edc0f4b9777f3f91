package dev.kontextbot.engine.review;

import dev.kontextbot.engine.model.ImageId;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The images measured last, by id, at most {@code capacity} of them (the least recently used go first). A turn's parent
 * is most often the variant the turn before it made, or the session's source, measured when that turn was scored: kept
 * here, it is not read, decoded and measured a second time. An image's bytes never change under its id (ids are
 * content hashes), so a kept measurement never goes stale. One entry holds a 512-pixel luminance copy and the grids
 * taken of it (each compared grid with its SSIM moments, 256 KB for the 128-cell grid), about 2.5 MB at most.
 */
public final class MeasuredImages {
    /** What a measurement is made from when it is not kept. */
    public interface Measuring {
        MeasuredImage measure(ImageId id) throws IOException;
    }

    private final Map<ImageId, MeasuredImage> kept;

    public MeasuredImages(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a capacity is at least 0, got " + capacity);
        }
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ImageId, MeasuredImage> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The kept measurement of {@code id}, or a new one from {@code measuring}, then kept. Measured outside the lock: two
     * threads asking for the same new image at once may both measure it, which costs time, never a wrong score.
     */
    public MeasuredImage of(ImageId id, Measuring measuring) throws IOException {
        synchronized (kept) {
            MeasuredImage found = kept.get(id);
            if (found != null) {
                return found;
            }
        }
        MeasuredImage measured = measuring.measure(id);
        synchronized (kept) {
            kept.put(id, measured);
        }
        return measured;
    }
}
