package dev.kontextbot.provider.offline;

import java.awt.image.BufferedImage;

/**
 * Gives a picture the colours of another by matching each channel's mean and spread (Reinhard's transfer) in YCbCr:
 * brightness and the two colour axes are nearly independent there, and the conversion is linear, so it is fast and
 * the same every time.
 */
final class ColourTransfer {
    /** A flat picture stretched to a busy palette would only show its noise; past this gain the spread stops following. */
    private static final double MAX_GAIN = 3;

    private ColourTransfer() {
    }

    /** {@code amount}: 0 leaves the picture as it is, 1 moves it all the way to the palette's means and spreads. */
    static BufferedImage apply(BufferedImage image, BufferedImage palette, double amount) {
        Stats from = Stats.of(image);
        Stats to = Stats.of(palette);
        double[] gain = new double[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = from.deviation[c] < 1 ? 1 : Math.min(MAX_GAIN, to.deviation[c] / from.deviation[c]);
        }
        return Pixels.map(image, (r, g, b) -> {
            double[] v = ycbcr(r, g, b);
            for (int c = 0; c < 3; c++) {
                double target = (v[c] - from.mean[c]) * gain[c] + to.mean[c];
                v[c] += amount * (target - v[c]);
            }
            return rgb(v);
        });
    }

    private record Stats(double[] mean, double[] deviation) {
        static Stats of(BufferedImage image) {
            int[] pixels = Pixels.data(image);
            double[] sum = new double[3];
            double[] squares = new double[3];
            for (int p : pixels) {
                double[] v = ycbcr((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
                for (int c = 0; c < 3; c++) {
                    sum[c] += v[c];
                    squares[c] += v[c] * v[c];
                }
            }
            double[] mean = new double[3];
            double[] deviation = new double[3];
            for (int c = 0; c < 3; c++) {
                mean[c] = sum[c] / pixels.length;
                deviation[c] = Math.sqrt(Math.max(0, squares[c] / pixels.length - mean[c] * mean[c]));
            }
            return new Stats(mean, deviation);
        }
    }

    /** BT.601 full range, as JPEG uses. */
    private static double[] ycbcr(int r, int g, int b) {
        return new double[]{
                0.299 * r + 0.587 * g + 0.114 * b,
                128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                128 + 0.5 * r - 0.418688 * g - 0.081312 * b};
    }

    private static int[] rgb(double[] v) {
        double cb = v[1] - 128;
        double cr = v[2] - 128;
        return new int[]{
                (int) Math.round(v[0] + 1.402 * cr),
                (int) Math.round(v[0] - 0.344136 * cb - 0.714136 * cr),
                (int) Math.round(v[0] + 1.772 * cb)};
    }
}
