package dev.kontextbot.engine.review;

import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.Set;

/**
 * Measures how much an output kept of the image it was edited from, and flags outputs that are broken
 * whatever the instruction was. Pure pixels: no service, no platform.
 *
 * <p>When the two differ in aspect ratio the model either cropped or extended the picture; both readings are
 * tried (the parent's centre at the output's ratio, and the output's centre at the parent's) and the closer
 * one is kept, so a requested crop does not read as a different picture.
 */
public final class FidelityScorer {
    /** Grid on which SSIM runs: fine enough for a caption or a blur to show, coarse enough to ignore grain. */
    static final int GRID = 128;
    /** Luminance standard deviation (0–255) under which a picture counts as one flat colour. */
    static final double BLANK_DEVIATION = 3;
    /**
     * Block-edge steps above {@link #BLOCKY} (and this much above the parent's) read as compression artefacts.
     * Measured on a grainy landscape: JPEG quality 0.03 → 4.0, 0.1 → 2.5, 0.3 → 2.3, 0.5 → 2.1, 0.75 → 1.7,
     * 0.9 → 1.2, lossless → 1.0; only the very low qualities are meant to trip it.
     */
    static final double BLOCKY = 2.2;
    static final double BLOCKINESS_GROWTH = 1.5;
    /**
     * Fine-detail energy this many times the parent's (plus {@link #NOISE_FLOOR}) reads as noise. High, because
     * a requested sharpen of a grainy photo raises it about 5× and must not be flagged.
     */
    static final double NOISE_GROWTH = 6.0;
    static final double NOISE_FLOOR = 8.0;
    /** Linear scale under which (with the output also under a megapixel) resolution counts as lost. */
    static final double MIN_SCALE = 0.5;
    static final long KONTEXT_PIXELS = 1_000_000;
    /** Grids for fine-detail energy are at most this many cells wide (a cap on work). */
    private static final int DETAIL_GRID = 512;
    private static final double SAME_ASPECT = 0.02;

    private final Ssim ssim = new Ssim();
    private final DifferenceHash hash = new DifferenceHash();
    private final Blockiness blockiness = new Blockiness();

    /** Reads the image once; measure each image once and compare it as often as needed. */
    public MeasuredImage measure(BufferedImage image) {
        return new MeasuredImage(image, blockiness);
    }

    /** The same from luminance alone, band 0 of {@code luma} (a JPEG's Y channel): no RGB picture needed. */
    public MeasuredImage measureLuma(java.awt.image.Raster luma) {
        return new MeasuredImage(luma, blockiness);
    }

    /** {@code output} against the image it was edited from: similarity and quality flags. */
    public Comparison compare(BufferedImage parent, BufferedImage output) {
        return compare(measure(parent), measure(output));
    }

    public Comparison compare(MeasuredImage parent, MeasuredImage output) {
        Alignment alignment = align(parent, output);
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        if (alignment.outputGrid.standardDeviation() < BLANK_DEVIATION
                && alignment.parentGrid.standardDeviation() >= BLANK_DEVIATION) {
            flags.add(QualityFlag.BLANK);
        }
        if (artefacts(parent, output, alignment)) {
            flags.add(QualityFlag.ARTEFACTS);
        }
        if (alignment.scale < MIN_SCALE && (long) output.width() * output.height() < KONTEXT_PIXELS) {
            flags.add(QualityFlag.RESOLUTION_LOSS);
        }
        return new Comparison(alignment.fidelity, alignment.ssim, alignment.hashDistance, flags);
    }

    /** The full score: against the parent, and the fidelity against the session's source (null: none). */
    public VariantScore score(MeasuredImage parent, MeasuredImage output, MeasuredImage source) {
        Comparison toParent = compare(parent, output);
        Integer toSource = source == null ? null
                : source == parent ? toParent.fidelity() : align(source, output).fidelity;
        return new VariantScore(toParent.fidelity(), toParent.ssim(), toParent.hashDistance(), toParent.flags(), toSource);
    }

    /**
     * 75 % structure (SSIM, negative values count as 0) and 25 % hash agreement (32 differing bits, what
     * unrelated pictures show, counts as none). SSIM alone overrates two flat pictures of similar brightness;
     * the hash alone misses a caption or a blur.
     */
    static int fidelity(double ssim, int hashDistance) {
        double structure = Math.max(0, Math.min(1, ssim));
        double layout = 1 - Math.min(32, hashDistance) / 32.0;
        return (int) Math.round(100 * (0.75 * structure + 0.25 * layout));
    }

    private boolean artefacts(MeasuredImage parent, MeasuredImage output, Alignment alignment) {
        double outputBlocks = output.blockiness();
        if (outputBlocks > BLOCKY && outputBlocks > BLOCKINESS_GROWTH * parent.blockiness()) {
            return true;
        }
        // Noise is compared at one resolution (the smaller of the two), else a smaller output would read as noisier.
        Region p = alignment.parentRegion;
        Region o = alignment.outputRegion;
        int w = Math.min(Math.min(p.width(), o.width()), DETAIL_GRID);
        int h = Math.max(1, (int) Math.round(w / o.aspect()));
        double parentDetail = parent.grid(p, w, h).detailEnergy();
        double outputDetail = output.grid(o, w, h).detailEnergy();
        return outputDetail > NOISE_GROWTH * parentDetail + NOISE_FLOOR;
    }

    private Alignment align(MeasuredImage parent, MeasuredImage output) {
        Region p = parent.whole();
        Region o = output.whole();
        if (Math.abs(Math.log(p.aspect() / o.aspect())) < SAME_ASPECT) {
            return measure(parent, p, output, o);
        }
        Alignment cropped = measure(parent, p.centred(o.aspect()), output, o);
        Alignment extended = measure(parent, p, output, o.centred(p.aspect()));
        return cropped.fidelity >= extended.fidelity ? cropped : extended;
    }

    private Alignment measure(MeasuredImage parent, Region p, MeasuredImage output, Region o) {
        LumaGrid parentGrid = parent.grid(p, GRID, GRID);
        LumaGrid outputGrid = output.grid(o, GRID, GRID);
        double structural = ssim.of(parentGrid, outputGrid);
        int distance = DifferenceHash.distance(parent.hash(p, hash), output.hash(o, hash));
        return new Alignment(p, o, parentGrid, outputGrid, structural, distance, fidelity(structural, distance),
                o.width() * output.pixelSize() / (p.width() * parent.pixelSize()));
    }

    /** Which parts were compared, and what came out. {@code scale}: output pixels per parent pixel (linear). */
    private record Alignment(Region parentRegion, Region outputRegion, LumaGrid parentGrid, LumaGrid outputGrid,
                             double ssim, int hashDistance, int fidelity, double scale) {
    }
}
