package org.aqlake.udfs.aqi;

import java.util.Collection;
import java.util.List;

import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.UnitConversions;

/**
 * The hourly AQI of a pollutant, following EPA's averaging rules as far as an hourly stream allows,
 * from a series of hourly means in the pollutant's reference unit (µg/m³ for PM, ppb for O3, NO2
 * and SO2, ppm for CO; see {@code ReferenceUnits}), newest first, NaN for an hour without data:
 *
 * <ul>
 *   <li><b>PM2.5, PM10</b>: the NowCast of the last 12 hours (2 of the 3 most recent present), as
 *       AirNow reports hourly, on the 24-hour breakpoints.
 *   <li><b>O3</b>: the 8-hour mean (at least 6 of 8 hours) on the 8-hour table, and — the TAD's
 *       precautionary option, which we always take — the current hour on the 1-hour table when it
 *       is 0.125 ppm or more; the higher of the two is reported. Above 0.200 ppm the 8-hour table
 *       ends: it contributes its ceiling, 300, and the 1-hour value decides anything higher.
 *   <li><b>CO</b>: the 8-hour mean (at least 6 of 8 hours).
 *   <li><b>NO2</b>: the current hour.
 *   <li><b>SO2</b>: the current hour up to 304 ppb (AQI 200). Above that, the TAD calculates AQI 200
 *       and higher from the 24-hour mean: with at least 18 of 24 hours and a mean of 305 ppb or
 *       more, the 24-hour table; otherwise 200, the most the 1-hour value can say.
 * </ul>
 *
 * Other pollutants have no AQI. An incomplete series gives no sub-index (null), never a guess.
 */
public final class HourlyAqi {

    /** The order EPA's Table 6 lists the pollutants in; it breaks ties for the dominant pollutant. */
    public static final List<Pollutant> POLLUTANTS =
            List.of(Pollutant.O3, Pollutant.PM25, Pollutant.PM10, Pollutant.CO, Pollutant.SO2, Pollutant.NO2);

    private HourlyAqi() {
    }

    /** Whether the pollutant has an AQI at all. */
    public static boolean hasAqi(Pollutant pollutant) {
        return POLLUTANTS.contains(pollutant);
    }

    /**
     * The sub-index of the newest hour of the series.
     *
     * @param hourly hourly means in the reference unit, newest first, NaN where an hour has no data
     * @return the sub-index, or null for a pollutant without AQI or a series too incomplete for its
     *     averaging rule
     */
    public static SubIndex of(Pollutant pollutant, double[] hourly) {
        if (pollutant == null || hourly.length == 0) {
            return null;
        }
        switch (pollutant) {
            case PM25:
                return nowCast(pollutant, BreakpointTable.PM25_24H, hourly);
            case PM10:
                return nowCast(pollutant, BreakpointTable.PM10_24H, hourly);
            case O3:
                return ozone(hourly);
            case CO:
                return table(pollutant, Averaging.EIGHT_HOURS, BreakpointTable.CO_8H, RollingMean.eightHour(hourly));
            case NO2:
                return table(pollutant, Averaging.ONE_HOUR, BreakpointTable.NO2_1H, hourly[0]);
            case SO2:
                return sulphurDioxide(hourly);
            default:
                return null;
        }
    }

    /**
     * The sub-index with the highest AQI: the dominant (EPA: "responsible") pollutant. Ties go to
     * the pollutant listed first in {@link #POLLUTANTS}.
     *
     * @return the dominant sub-index, or null when there is none
     */
    public static SubIndex dominant(Collection<SubIndex> subIndices) {
        SubIndex best = null;
        for (SubIndex s : subIndices) {
            if (s != null && (best == null || s.aqi() > best.aqi()
                    || s.aqi() == best.aqi()
                            && POLLUTANTS.indexOf(s.pollutant()) < POLLUTANTS.indexOf(best.pollutant()))) {
                best = s;
            }
        }
        return best;
    }

    private static SubIndex nowCast(Pollutant pollutant, BreakpointTable table, double[] hourly) {
        return table(pollutant, Averaging.NOWCAST, table, NowCast.pm(hourly));
    }

    private static SubIndex ozone(double[] hourlyPpb) {
        double eightHourPpm = UnitConversions.ppbToPpm(RollingMean.eightHour(hourlyPpb));
        double oneHourPpm = UnitConversions.ppbToPpm(hourlyPpb[0]);
        SubIndex eightHour = null;
        if (!Double.isNaN(eightHourPpm)) {
            Integer aqi = Aqi.o3EightHour(eightHourPpm);
            // above 0.200 ppm the 8-hour table has no row: it can only say "300 or more"
            eightHour = new SubIndex(Pollutant.O3, Averaging.EIGHT_HOURS, BreakpointTable.O3_8H.truncate(eightHourPpm),
                    aqi == null ? Aqi.O3_8H_CEILING : aqi);
        }
        SubIndex oneHour = table(Pollutant.O3, Averaging.ONE_HOUR, BreakpointTable.O3_1H, oneHourPpm);
        if (eightHour == null || oneHour != null && oneHour.aqi() > eightHour.aqi()) {
            return oneHour;
        }
        return eightHour;
    }

    private static SubIndex sulphurDioxide(double[] hourlyPpb) {
        SubIndex oneHour = table(Pollutant.SO2, Averaging.ONE_HOUR, BreakpointTable.SO2_1H, hourlyPpb[0]);
        if (oneHour != null || Double.isNaN(hourlyPpb[0])) {
            return oneHour;
        }
        SubIndex day = table(Pollutant.SO2, Averaging.TWENTY_FOUR_HOURS, BreakpointTable.SO2_24H,
                RollingMean.twentyFourHour(hourlyPpb));
        if (day != null) {
            return day;
        }
        return new SubIndex(Pollutant.SO2, Averaging.ONE_HOUR, BreakpointTable.SO2_1H.truncate(hourlyPpb[0]),
                Aqi.SO2_1H_CEILING);
    }

    private static SubIndex table(Pollutant pollutant, Averaging averaging, BreakpointTable table, double concentration) {
        if (Double.isNaN(concentration)) {
            return null;
        }
        Integer aqi = table.index(concentration);
        return aqi == null ? null : new SubIndex(pollutant, averaging, table.truncate(concentration), aqi);
    }
}
