package org.aqlake.udfs.aqi;

import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;

/**
 * The air quality guideline (AQG) levels of the WHO global air quality guidelines of 2021 (WHO
 * global air quality guidelines: particulate matter (PM2.5 and PM10), ozone, nitrogen dioxide,
 * sulfur dioxide and carbon monoxide; Geneva: World Health Organization, 2021; Executive summary,
 * Table 0.1). Levels are in µg/m³, CO in mg/m³, as WHO states them; WHO's short-term (24-hour)
 * levels are meant as the 99th percentile of a year's daily means, i.e. 3–4 exceedance days a year.
 *
 * <p>Only the short-term levels can be checked from hourly rows (see {@link WhoCheck}); the annual
 * and peak-season levels are listed so that the table is complete and queries can use them.
 */
public enum WhoGuideline {
    PM25_24H(Pollutant.PM25, Averaging.TWENTY_FOUR_HOURS, 15.0, ConcentrationUnit.UG_PER_M3),
    PM25_ANNUAL(Pollutant.PM25, Averaging.ANNUAL, 5.0, ConcentrationUnit.UG_PER_M3),
    PM10_24H(Pollutant.PM10, Averaging.TWENTY_FOUR_HOURS, 45.0, ConcentrationUnit.UG_PER_M3),
    PM10_ANNUAL(Pollutant.PM10, Averaging.ANNUAL, 15.0, ConcentrationUnit.UG_PER_M3),
    O3_8H(Pollutant.O3, Averaging.EIGHT_HOURS, 100.0, ConcentrationUnit.UG_PER_M3),
    O3_PEAK_SEASON(Pollutant.O3, Averaging.PEAK_SEASON, 60.0, ConcentrationUnit.UG_PER_M3),
    NO2_24H(Pollutant.NO2, Averaging.TWENTY_FOUR_HOURS, 25.0, ConcentrationUnit.UG_PER_M3),
    NO2_ANNUAL(Pollutant.NO2, Averaging.ANNUAL, 10.0, ConcentrationUnit.UG_PER_M3),
    SO2_24H(Pollutant.SO2, Averaging.TWENTY_FOUR_HOURS, 40.0, ConcentrationUnit.UG_PER_M3),
    CO_24H(Pollutant.CO, Averaging.TWENTY_FOUR_HOURS, 4.0, ConcentrationUnit.MG_PER_M3);

    private final Pollutant pollutant;
    private final Averaging averaging;
    private final double level;
    private final ConcentrationUnit unit;

    WhoGuideline(Pollutant pollutant, Averaging averaging, double level, ConcentrationUnit unit) {
        this.pollutant = pollutant;
        this.averaging = averaging;
        this.level = level;
        this.unit = unit;
    }

    public Pollutant pollutant() {
        return pollutant;
    }

    public Averaging averaging() {
        return averaging;
    }

    /** The guideline level, in {@link #unit()}. */
    public double level() {
        return level;
    }

    /** µg/m³, or mg/m³ for CO. */
    public ConcentrationUnit unit() {
        return unit;
    }

    /** True when a mean over the guideline's averaging period, in its unit, is above the level. */
    public boolean exceededBy(double mean) {
        return mean > level;
    }

    /** The 24-hour or 8-hour guideline of a pollutant, or null for one without a short-term level. */
    public static WhoGuideline shortTerm(Pollutant pollutant) {
        for (WhoGuideline g : values()) {
            if (g.pollutant == pollutant
                    && (g.averaging == Averaging.TWENTY_FOUR_HOURS || g.averaging == Averaging.EIGHT_HOURS)) {
                return g;
            }
        }
        return null;
    }

    /** The guideline of a pollutant for an averaging period, or null when WHO sets none. */
    public static WhoGuideline of(Pollutant pollutant, Averaging averaging) {
        for (WhoGuideline g : values()) {
            if (g.pollutant == pollutant && g.averaging == averaging) {
                return g;
            }
        }
        return null;
    }
}
