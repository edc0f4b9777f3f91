package dev.kontextbot.provider;

import dev.kontextbot.engine.model.ModelTier;

/** What one image of each tier costs, in micro-dollars (so $0.04 is 40,000). */
public record ImagePrices(long proMicros, long maxMicros) {
    public static final ImagePrices LIST = new ImagePrices(40_000, 80_000);

    public ImagePrices {
        if (proMicros < 0 || maxMicros < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    public static ImagePrices ofDollars(double pro, double max) {
        return new ImagePrices(Math.round(pro * 1_000_000), Math.round(max * 1_000_000));
    }

    public long of(ModelTier tier) {
        return tier == ModelTier.MAX ? maxMicros : proMicros;
    }
}
