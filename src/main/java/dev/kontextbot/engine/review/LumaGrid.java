package dev.kontextbot.engine.review;

/**
 * The luminance of a region of an image ({@link LumaPlane}), resampled to
 * {@code width}×{@code height} cells. Each cell is the area-weighted mean of the pixels it covers, so shrinking
 * does not alias (a 4000 px photo and its 1000 px copy give the same grid) and enlarging repeats pixels.
 */
final class LumaGrid {
    private final int width;
    private final int height;
    private final float[] values;
    /** Computed on first use; two threads may both compute it, which costs time, never a wrong value. */
    private volatile Ssim.Moments moments;

    private LumaGrid(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.values = values;
    }

    static LumaGrid sample(LumaPlane plane, Region region, int width, int height) {
        LumaPlane.RowReader rows = (y, out) -> {
            for (int x = 0; x < out.length; x++) {
                out[x] = plane.at(region.x() + x, region.y() + y);
            }
        };
        return new LumaGrid(width, height, areaMeans(rows, region.width(), region.height(), width, height));
    }

    /**
     * The area-weighted means of a {@code sourceWidth}×{@code sourceHeight} picture read row by row (each row once, in
     * order), row-major. Separable: each source row is resampled to {@code width} cells as it is read, and the cells of
     * an output row are blended from the few resampled rows it covers, kept in a ring. Transposing the whole resampled
     * picture to blend it column by column took most of a 2-megapixel photo's measurement (2.5 MB allocated per image,
     * read against the cache).
     */
    static float[] areaMeans(LumaPlane.RowReader source, int sourceWidth, int sourceHeight, int width, int height) {
        Axis columns = new Axis(sourceWidth, width);
        Axis rows = new Axis(sourceHeight, height);
        int span = rows.widestSpan();
        float[][] ring = new float[span][width];
        float[] luma = new float[sourceWidth];
        float[] values = new float[width * height];
        int read = 0;
        for (int cell = 0; cell < height; cell++) {
            int first = rows.first[cell];
            float[] weights = rows.weights[cell];
            // Rows are needed in order, and a cell's rows all fit in the ring (it is as deep as the widest cell).
            for (; read < first + weights.length; read++) {
                source.read(read, luma);
                columns.resample(luma, ring[read % span]);
            }
            int out = cell * width;
            for (int i = 0; i < weights.length; i++) {
                float w = weights[i];
                float[] row = ring[(first + i) % span];
                for (int x = 0; x < width; x++) {
                    values[out + x] += w * row[x];
                }
            }
        }
        return values;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    float at(int x, int y) {
        return values[y * width + x];
    }

    /** Its windowed mean and mean square for SSIM ({@link Ssim#moments}), computed once per grid. */
    Ssim.Moments moments() {
        Ssim.Moments known = moments;
        if (known == null) {
            known = Ssim.moments(this);
            moments = known;
        }
        return known;
    }

    double mean() {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    double standardDeviation() {
        double mean = mean();
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }

    /** Mean absolute Laplacian (4-neighbour): how much fine detail, noise or ringing the grid holds. */
    double detailEnergy() {
        if (width < 3 || height < 3) {
            return 0;
        }
        double sum = 0;
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                sum += Math.abs(4 * at(x, y) - at(x - 1, y) - at(x + 1, y) - at(x, y - 1) - at(x, y + 1));
            }
        }
        return sum / ((width - 2) * (height - 2));
    }

    /** Area weights from {@code source} samples to {@code target} cells along one axis. */
    private static final class Axis {
        private final int[] first;
        private final float[][] weights;

        Axis(int source, int target) {
            first = new int[target];
            weights = new float[target][];
            double step = (double) source / target;
            for (int cell = 0; cell < target; cell++) {
                double lo = cell * step;
                double hi = Math.min(source, (cell + 1) * step);
                int from = (int) Math.floor(lo);
                int to = Math.min(source, (int) Math.ceil(hi));
                first[cell] = from;
                weights[cell] = new float[Math.max(1, to - from)];
                for (int i = 0; i < weights[cell].length; i++) {
                    int px = from + i;
                    weights[cell][i] = (float) ((Math.min(hi, px + 1) - Math.max(lo, px)) / (hi - lo));
                }
            }
        }

        /** The most source samples one cell reads. */
        int widestSpan() {
            int widest = 1;
            for (float[] w : weights) {
                widest = Math.max(widest, w.length);
            }
            return widest;
        }

        void resample(float[] in, float[] out) {
            for (int cell = 0; cell < out.length; cell++) {
                float sum = 0;
                float[] w = weights[cell];
                for (int i = 0; i < w.length; i++) {
                    sum += w[i] * in[first[cell] + i];
                }
                out[cell] = sum;
            }
        }
    }
}
