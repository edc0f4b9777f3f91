package dev.kontextbot.engine.catalogue;

/**
 * What one image of a model costs, in micro-dollars ($0.04 is 40,000): a flat price per image (Kontext), or per
 * megapixel of output and of input as BFL and fal bill FLUX.2 ({@code first + (outputMP − 1) × further + inputMP × further}).
 */
public sealed interface ModelPrice {
    /** A megapixel as the providers count it: 1024 × 1024 is one. */
    double PIXELS_PER_MP = 1024 * 1024;

    /** One image of {@code outputMp} megapixels made from inputs of {@code inputMp} megapixels in all. */
    long estimateMicros(double outputMp, double inputMp);

    /** The figure people compare models by: one 1 MP image edited from one 1 MP input. */
    default long typicalMicros() {
        return estimateMicros(1, 1);
    }

    /** In words for price lists: "$0.04 an image", "$0.03 the first MP, $0.015 each further MP of output and input". */
    String describe();

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

        @Override
        public String describe() {
            return dev.kontextbot.engine.catalogue.Money.format(micros) + " an image";
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

        @Override
        public String describe() {
            return dev.kontextbot.engine.catalogue.Money.format(firstMicros) + " the first MP, " + dev.kontextbot.engine.catalogue.Money.format(furtherMicros)
                    + " each further MP of output" + (inputs ? " and input" : "");
        }
    }
}
