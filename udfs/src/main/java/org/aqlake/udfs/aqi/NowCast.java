package org.aqlake.udfs.aqi;

/**
 * EPA's NowCast for particulates, the hourly concentration AirNow turns into the AQI: a weighted
 * mean of the last 12 hourly means in which recent hours weigh more when the air is changing.
 *
 * <ol>
 *   <li>Of the 12 most recent hours, take the lowest and highest hourly mean; the weight factor is
 *       lowest / highest, but never below 0.5 (which approximates a 3-hour mean when the air
 *       changes fast).
 *   <li>NowCast = Σ wⁱ·cᵢ / Σ wⁱ over the hours present, i being how many hours ago (0 for the
 *       current hour).
 *   <li>Only computed when at least 2 of the 3 most recent hours have data.
 * </ol>
 *
 * <p>Hourly means below zero (instrument noise around zero, which the lake keeps) count as zero
 * here: a negative "highest" would make the weight factor meaningless. The result is not
 * truncated; the breakpoint table truncates it (PM2.5 to 0.1, PM10 to 1 µg/m³, as AirNow does).
 */
public final class NowCast {

    public static final int HOURS = 12;
    public static final double MIN_WEIGHT_PM = 0.5;
    public static final int RECENT_HOURS = 3;
    public static final int RECENT_HOURS_MIN_PRESENT = 2;

    private NowCast() {
    }

    /**
     * The NowCast of a particulate series, newest first ({@code hourly[0]} is the current hour, NaN
     * an hour without data; entries beyond the 12th are ignored).
     *
     * @return the NowCast, or NaN when fewer than 2 of the 3 most recent hours have data
     */
    public static double pm(double... hourly) {
        int recent = 0;
        for (int i = 0; i < Math.min(RECENT_HOURS, hourly.length); i++) {
            if (!Double.isNaN(hourly[i])) {
                recent++;
            }
        }
        if (recent < RECENT_HOURS_MIN_PRESENT) {
            return Double.NaN;
        }
        int n = Math.min(HOURS, hourly.length);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(hourly[i])) {
                double c = Math.max(0.0, hourly[i]);
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        double weight = max > 0 ? Math.max(MIN_WEIGHT_PM, min / max) : 1.0;
        double weighted = 0;
        double weights = 0;
        double factor = 1.0;
        for (int i = 0; i < n; i++, factor *= weight) {
            if (!Double.isNaN(hourly[i])) {
                weighted += factor * Math.max(0.0, hourly[i]);
                weights += factor;
            }
        }
        return weighted / weights;
    }
}
