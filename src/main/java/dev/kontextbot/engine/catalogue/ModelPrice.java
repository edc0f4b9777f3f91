package dev.kontextbot.engine.catalogue;

/**
 * What one image of a model costs, in micro-dollars ($0.04 is 40,000): a flat price per image (Kontext), or per
 * megapixel of output and of input as BFL and fal bill FLUX.2 ({@code first + (outputMP − 1) × further + inputMP × further}),
 * or nothing where the route is free (the offline editor). Data only: the adapters put it in words.
 */
public sealed interface ModelPrice {
    /** A megapixel as the providers count it: 1024 × 1024 is one. */
    double PIXELS_PER_MP = 1024 * 1024;

    /** The price of a route that bills nothing. */
    ModelPrice FREE = new Free();

    /** One image of {@code outputMp} megapixels made from inputs of {@code inputMp} megapixels in all. */
    long estimateMicros(double outputMp, double inputMp);

    /** The figure people compare models by: one 1 MP image edited from one 1 MP input. */
    default long typicalMicros() {
        return estimateMicros(1, 1);
    }

    record PerImage(long micros) implements ModelPrice {
        public PerImage {
            if (micros < 0) {
                throw new IllegalArgumentException("a price must not be negative");
            }
        }

        @Override
        public long estimateMicros(double outputMp, double inputMp) {
            return micros;
        }
    }

    /** {@code inputs}: whether input megapixels are billed too (BFL and fal bill them for FLUX.2). */
    record PerMegapixel(long firstMicros, long furtherMicros, boolean inputs) implements ModelPrice {
        public PerMegapixel {
            if (firstMicros < 0 || furtherMicros < 0) {
                throw new IllegalArgumentException("a price must not be negative");
            }
        }

        @Override
        public long estimateMicros(double outputMp, double inputMp) {
            double further = Math.max(0, Math.ceil(outputMp) - 1) + (inputs ? Math.ceil(inputMp) : 0);
            return firstMicros + Math.round(further * furtherMicros);
        }
    }

    /** Nothing is billed on this route (the offline editor); a catalogue entry's own price is never this. */
    record Free() implements ModelPrice {
        @Override
        public long estimateMicros(double outputMp, double inputMp) {
            return 0;
        }
    }
}
