package dev.kontextbot.engine.review;

/**
 * Structural similarity (Wang et al. 2004) of two grids of the same size: an 11-tap Gaussian window (σ 1.5)
 * and the paper's constants for 8-bit values. 1 for identical grids, near 0 for unrelated ones, negative for
 * inverted structure.
 *
 * <p>The local indices are averaged with information-content weights (Wang &amp; Li 2011): a window counts by
 * how much detail either grid has there. A plain mean lets flat areas dominate (a clear sky matches any flat
 * output), so a blank output scored 0.7 against a landscape; weighted, it scores near 0.
 */
final class Ssim {
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] WINDOW = gaussian(11, 1.5);

    /**
     * A grid's own windowed mean and mean square. They depend on the grid alone, and a grid is compared more than once
     * (a turn's output with its parent and with the source; the next turn's parent is this turn's output, measured
     * already), so they are kept with the grid: a comparison then blurs only the product of its two grids, one blur
     * where it took five. Most of the CPU of a turn through the engine went to these blurs.
     */
    record Moments(double[] mean, double[] meanSquare) {
    }

    static Moments moments(LumaGrid grid) {
        int w = grid.width();
        int h = grid.height();
        double[] x = new double[w * h];
        double[] xx = new double[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double p = grid.at(i, j);
                int k = j * w + i;
                x[k] = p;
                xx[k] = p * p;
            }
        }
        return new Moments(blur(x, w, h), blur(xx, w, h));
    }

    double of(LumaGrid a, LumaGrid b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("SSIM needs grids of one size");
        }
        int w = a.width();
        int h = a.height();
        int r = WINDOW.length / 2;
        // Grids smaller than the window are compared as one window (the mean of everything).
        if (w <= 2 * r || h <= 2 * r) {
            return wholeWindow(a, b);
        }
        double[] xy = new double[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                xy[j * w + i] = (double) a.at(i, j) * b.at(i, j);
            }
        }
        Moments ma = a.moments();
        Moments mb = b.moments();
        double[] mx = ma.mean();
        double[] my = mb.mean();
        double[] mxx = ma.meanSquare();
        double[] myy = mb.meanSquare();
        double[] mxy = blur(xy, w, h);
        double sum = 0;
        double weights = 0;
        double plain = 0;
        int count = 0;
        for (int j = r; j < h - r; j++) {
            for (int i = r; i < w - r; i++) {
                int k = j * w + i;
                double local = index(mx[k], my[k], mxx[k], myy[k], mxy[k]);
                double weight = Math.log((1 + (mxx[k] - mx[k] * mx[k]) / C2) * (1 + (myy[k] - my[k] * my[k]) / C2));
                sum += weight * local;
                weights += weight;
                plain += local;
                count++;
            }
        }
        // Two flat grids carry no information to weight by: their plain mean compares brightness only.
        return weights < 1e-6 ? plain / count : sum / weights;
    }

    private static double wholeWindow(LumaGrid a, LumaGrid b) {
        double x = 0;
        double y = 0;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int j = 0; j < a.height(); j++) {
            for (int i = 0; i < a.width(); i++) {
                double p = a.at(i, j);
                double q = b.at(i, j);
                x += p;
                y += q;
                xx += p * p;
                yy += q * q;
                xy += p * q;
            }
        }
        double n = (double) a.width() * a.height();
        return index(x / n, y / n, xx / n, yy / n, xy / n);
    }

    private static double index(double mx, double my, double mxx, double myy, double mxy) {
        double vx = mxx - mx * mx;
        double vy = myy - my * my;
        double cov = mxy - mx * my;
        return ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
    }

    /** Separable Gaussian blur; only the cells whose whole window is inside are used afterwards. */
    private static double[] blur(double[] in, int w, int h) {
        int r = WINDOW.length / 2;
        double[] rows = new double[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = r; i < w - r; i++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    s += WINDOW[t + r] * in[j * w + i + t];
                }
                rows[j * w + i] = s;
            }
        }
        double[] out = new double[w * h];
        for (int j = r; j < h - r; j++) {
            for (int i = r; i < w - r; i++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    s += WINDOW[t + r] * rows[(j + t) * w + i];
                }
                out[j * w + i] = s;
            }
        }
        return out;
    }

    private static double[] gaussian(int size, double sigma) {
        double[] window = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - size / 2;
            window[i] = Math.exp(-(d * d) / (2 * sigma * sigma));
            sum += window[i];
        }
        for (int i = 0; i < size; i++) {
            window[i] /= sum;
        }
        return window;
    }
}
