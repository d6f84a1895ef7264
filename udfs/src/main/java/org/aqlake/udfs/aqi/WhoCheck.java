package org.aqlake.udfs.aqi;

import java.util.Objects;

import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.ReferenceUnits;
import org.aqlake.udfs.units.UnitConversions;

/**
 * What an hourly row can honestly say about a WHO short-term guideline: whether the mean over the
 * guideline's own averaging period, ending with this hour, is above the level.
 *
 * <ul>
 *   <li>24-hour levels (PM2.5, PM10, NO2, SO2, CO): the running mean of the last 24 hourly means,
 *       at least 18 present. WHO's 24-hour level applies to daily means; a running mean above it
 *       is an early indicator, and the row of a day's last hour carries that day's mean (UTC days,
 *       not local ones).
 *   <li>O3, 8 hours: the running 8-hour mean, at least 6 of 8 hours. WHO's level is for the daily
 *       maximum 8-hour mean, so any running mean above it means the day exceeds it.
 * </ul>
 *
 * The 75 % completeness rule is EPA's; WHO sets none. Gas means are converted to µg/m³ (CO to
 * mg/m³) at 25 °C and 1 atm. Immutable.
 */
public final class WhoCheck {

    private final WhoGuideline guideline;
    private final double mean;

    private WhoCheck(WhoGuideline guideline, double mean) {
        this.guideline = guideline;
        this.mean = mean;
    }

    /**
     * Checks the newest hour of a series of hourly means in the pollutant's reference unit, newest
     * first, NaN where an hour has no data.
     *
     * @return the check, or null for a pollutant without short-term guideline or a series too
     *     incomplete for the averaging period
     */
    public static WhoCheck of(Pollutant pollutant, double[] hourly) {
        WhoGuideline guideline = pollutant == null ? null : WhoGuideline.shortTerm(pollutant);
        if (guideline == null) {
            return null;
        }
        double mean = guideline.averaging() == Averaging.EIGHT_HOURS
                ? RollingMean.eightHour(hourly)
                : RollingMean.twentyFourHour(hourly);
        if (Double.isNaN(mean)) {
            return null;
        }
        return new WhoCheck(guideline, toGuidelineUnit(guideline, mean));
    }

    private static double toGuidelineUnit(WhoGuideline guideline, double referenceMean) {
        ConcentrationUnit reference = ReferenceUnits.of(guideline.pollutant());
        return UnitConversions.convert(referenceMean, reference, guideline.unit(), guideline.pollutant());
    }

    public WhoGuideline guideline() {
        return guideline;
    }

    /** The mean over the guideline's averaging period, in the guideline's unit. */
    public double mean() {
        return mean;
    }

    public boolean exceeds() {
        return guideline.exceededBy(mean);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WhoCheck && ((WhoCheck) o).guideline == guideline
                && Double.compare(((WhoCheck) o).mean, mean) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(guideline, mean);
    }

    @Override
    public String toString() {
        return guideline + ": " + mean + " " + guideline.unit().label() + (exceeds() ? " exceeds " : " within ")
                + guideline.level();
    }
}
