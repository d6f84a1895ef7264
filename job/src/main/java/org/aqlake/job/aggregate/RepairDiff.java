package org.aqlake.job.aggregate;

import org.aqlake.job.model.Aggregate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a window's recomputed rows say what its latest rows already say, revision aside. Sums of the
 * same readings added in another order differ in their last bits, so means compare within {@link
 * #RELATIVE_TOLERANCE}; everything else is exact. A row the latest ones have and the recomputation
 * does not (its readings are gone from the readings table) cannot be withdrawn by a new revision, and
 * does not count as a difference: otherwise every run would write the window again.
 */
public final class RepairDiff {

    /** Far above the rounding of a sum's order, far below any reading's weight in a mean. */
    static final double RELATIVE_TOLERANCE = 1e-9;

    private RepairDiff() {}

    /** The key of a row among its window's: parameter and unit. */
    public static String rowKey(Aggregate a) {
        return a.parameter + "|" + a.unit;
    }

    /** @param latest the window's latest row of each parameter and unit, by {@link #rowKey} */
    public static boolean unchanged(List<Aggregate> recomputed, Map<String, Aggregate> latest) {
        for (Aggregate r : recomputed) {
            Aggregate l = latest.get(rowKey(r));
            if (l == null || !same(r, l)) {
                return false;
            }
        }
        return true;
    }

    static boolean same(Aggregate a, Aggregate b) {
        return a.windowStart == b.windowStart && a.windowEnd == b.windowEnd && a.count == b.count
                && Double.compare(a.min, b.min) == 0 && Double.compare(a.max, b.max) == 0 && close(a.mean, b.mean)
                && a.firstTime == b.firstTime && a.lastTime == b.lastTime
                && Objects.equals(a.location, b.location) && Objects.equals(a.city, b.city)
                && Objects.equals(a.country, b.country) && Objects.equals(a.latitude, b.latitude)
                && Objects.equals(a.longitude, b.longitude) && Objects.equals(a.referenceUnit, b.referenceUnit)
                && close(a.meanReference, b.meanReference) && Objects.equals(a.aqiAveraging, b.aqiAveraging)
                && close(a.aqiConcentration, b.aqiConcentration) && Objects.equals(a.aqi, b.aqi)
                && Objects.equals(a.aqiCategory, b.aqiCategory) && Objects.equals(a.locationAqi, b.locationAqi)
                && Objects.equals(a.dominantPollutant, b.dominantPollutant)
                && Objects.equals(a.whoAveraging, b.whoAveraging) && close(a.whoMean, b.whoMean)
                && Objects.equals(a.whoGuideline, b.whoGuideline) && Objects.equals(a.whoExceeds, b.whoExceeds);
    }

    private static boolean close(Double a, Double b) {
        if (a == null || b == null) {
            return a == b;
        }
        return close(a.doubleValue(), b.doubleValue());
    }

    private static boolean close(double a, double b) {
        if (Double.compare(a, b) == 0) {
            return true;
        }
        return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
