package org.aqlake.tools.produce;

/**
 * How a pollutant's level moves over the local day. Traffic pollutants peak with the morning and evening
 * rush hours and dip in the afternoon, when the mixing layer is deepest; ozone is made by sunlight and
 * peaks in mid-afternoon; SO₂ follows industry through the working day.
 */
final class DailyCycle {

    enum Shape { TRAFFIC, SUNLIGHT, INDUSTRY }

    private DailyCycle() {}

    /** Multiplier of the daily mean at a local hour (fractional hours, 0 to 24). */
    static double factor(Shape shape, double hour) {
        switch (shape) {
            case TRAFFIC:
                return 0.7 + 0.45 * bump(hour, 8.5, 1.8) + 0.6 * bump(hour, 20, 2.5) - 0.2 * bump(hour, 15, 2.5);
            case SUNLIGHT:
                return 0.35 + 1.15 * bump(hour, 15, 3.2);
            case INDUSTRY:
                return 0.8 + 0.4 * bump(hour, 12, 3.5);
            default:
                throw new IllegalArgumentException(String.valueOf(shape));
        }
    }

    /** A Gaussian bump around a peak hour, wrapping around midnight. */
    private static double bump(double hour, double peak, double width) {
        double d = Math.abs(hour - peak);
        d = Math.min(d, 24 - d);
        return Math.exp(-(d * d) / (2 * width * width));
    }
}
