package org.aqlake.udfs.aqi;

/**
 * Means over the most recent hours of an hourly series, with EPA's 75 % completeness rule: an
 * 8-hour mean needs at least 6 hourly means, a 24-hour mean at least 18.
 *
 * <p>Series are given newest first: {@code hourly[0]} is the current hour, {@code hourly[i]} the
 * hour {@code i} hours before it, and NaN marks an hour without data.
 */
public final class RollingMean {

    public static final int EIGHT_HOURS = 8;
    public static final int EIGHT_HOURS_MIN_PRESENT = 6;
    public static final int TWENTY_FOUR_HOURS = 24;
    public static final int TWENTY_FOUR_HOURS_MIN_PRESENT = 18;

    private RollingMean() {
    }

    /**
     * The mean of the hourly means present among the {@code hours} most recent ones.
     *
     * @return the mean, or NaN when fewer than {@code minPresent} of those hours have data
     */
    public static double mean(double[] hourly, int hours, int minPresent) {
        double sum = 0;
        int present = 0;
        for (int i = 0; i < Math.min(hours, hourly.length); i++) {
            if (!Double.isNaN(hourly[i])) {
                sum += hourly[i];
                present++;
            }
        }
        return present >= minPresent && present > 0 ? sum / present : Double.NaN;
    }

    /** The 8-hour mean (at least 6 of 8 hours), or NaN. */
    public static double eightHour(double[] hourly) {
        return mean(hourly, EIGHT_HOURS, EIGHT_HOURS_MIN_PRESENT);
    }

    /** The 24-hour mean (at least 18 of 24 hours), or NaN. */
    public static double twentyFourHour(double[] hourly) {
        return mean(hourly, TWENTY_FOUR_HOURS, TWENTY_FOUR_HOURS_MIN_PRESENT);
    }
}
