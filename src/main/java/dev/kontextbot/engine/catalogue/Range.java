package dev.kontextbot.engine.catalogue;

/** An inclusive range of a numeric parameter, as a model takes it. */
public record Range(double min, double max) {
    public Range {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("a range runs from its lowest to its highest value, not " + min + " to " + max);
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return number(min) + "–" + number(max);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
