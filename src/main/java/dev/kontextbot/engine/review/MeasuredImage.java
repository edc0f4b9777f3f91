package dev.kontextbot.engine.review;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An image ready to be compared, with what has been measured of it kept: a turn of four variants measures
 * its parent once, not four times, and the next turn edits a variant measured already ({@link MeasuredImages}).
 * Safe to share between scoring threads.
 *
 * <p>Only block artefacts need every pixel (JPEG's 8×8 grid vanishes in any smaller copy), so they are measured
 * once on the full plane; everything else reads a copy shrunk to {@link #MEASURE_SIDE} and the full plane is let
 * go: scoring a 2-megapixel photo took 100 ms of CPU and 8 MB held per image before.
 */
public final class MeasuredImage {
    /** Long side of the copy compared; the finest grid a measure asks for is 512 cells wide. */
    static final int MEASURE_SIDE = 512;

    private final int width;
    private final int height;
    private final double blockiness;
    private final LumaPlane plane;
    private final Map<Sampling, LumaGrid> grids = new ConcurrentHashMap<>();
    private final Map<Region, Long> hashes = new ConcurrentHashMap<>();

    MeasuredImage(BufferedImage image, Blockiness blocks) {
        this.width = image.getWidth();
        this.height = image.getHeight();
        Region window = blockWindow(width, height);
        this.blockiness = blocks.of(LumaPlane.of(window.width() == width && window.height() == height ? image
                : image.getSubimage(window.x(), window.y(), window.width(), window.height())));
        this.plane = LumaPlane.shrunk(image, MEASURE_SIDE);
    }

    /** From luminance alone: band 0 of {@code luma} (a JPEG's Y channel, see ImageDecoder#decodeJpegLuma). */
    MeasuredImage(Raster luma, Blockiness blocks) {
        this.width = luma.getWidth();
        this.height = luma.getHeight();
        Region window = blockWindow(width, height);
        this.blockiness = blocks.of(LumaPlane.of(luma.createChild(luma.getMinX() + window.x(), luma.getMinY() + window.y(), window.width(),
                window.height(), 0, 0, null)));
        this.plane = LumaPlane.shrunk(luma, MEASURE_SIDE);
    }

    /**
     * The centre, at most {@link #MEASURE_SIDE} square, on JPEG's block grid: compression steps the same at every
     * block, so a window of 4,000 blocks tells as much as the whole picture for an eighth of a 2-megapixel photo's work.
     */
    private static Region blockWindow(int width, int height) {
        int w = Math.min(width, MEASURE_SIDE);
        int h = Math.min(height, MEASURE_SIDE);
        return new Region((width - w) / 2 / 8 * 8, (height - h) / 2 / 8 * 8, w, h);
    }

    /** The image's own width (regions are in the smaller copy's pixels, see {@link #pixelSize()}). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** How many of the image's own pixels one pixel of the compared copy stands for, along a side. */
    double pixelSize() {
        return (double) width / plane.width();
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

    double blockiness() {
        return blockiness;
    }

    private record Sampling(Region region, int width, int height) {
    }
}
