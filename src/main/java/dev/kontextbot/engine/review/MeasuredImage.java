package dev.kontextbot.engine.review;

import java.util.HashMap;
import java.util.Map;

/**
 * An image ready to be compared, with what has been measured of it kept: a turn of four variants measures
 * its parent once, not four times. Not thread-safe; one scoring call uses it.
 */
public final class MeasuredImage {
    private final LumaPlane plane;
    private final Map<Sampling, LumaGrid> grids = new HashMap<>();
    private final Map<Region, Long> hashes = new HashMap<>();
    private Double blockiness;

    MeasuredImage(LumaPlane plane) {
        this.plane = plane;
    }

    public int width() {
        return plane.width();
    }

    public int height() {
        return plane.height();
    }

    Region whole() {
        return plane.whole();
    }

    LumaGrid grid(Region region, int width, int height) {
        return grids.computeIfAbsent(new Sampling(region, width, height), s -> LumaGrid.sample(plane, region, width, height));
    }

    long hash(Region region, DifferenceHash hasher) {
        return hashes.computeIfAbsent(region, r -> hasher.of(plane, r));
    }

    double blockiness(Blockiness measure) {
        if (blockiness == null) {
            blockiness = measure.of(plane);
        }
        return blockiness;
    }

    private record Sampling(Region region, int width, int height) {
    }
}
