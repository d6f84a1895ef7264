package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.aqi.WhoGuideline;
import org.aqlake.udfs.units.Pollutant;

/**
 * {@code who_exceeds(parameter, mean)} and {@code who_exceeds(parameter, mean, averaging)}: whether a
 * mean is above the WHO 2021 guideline level. The mean must be over the guideline's averaging period
 * and in its unit (µg/m³; mg/m³ for CO). Without {@code averaging} the short-term level is used (24
 * hours, or 8 hours for O3); {@code 'annual'} and {@code 'peak-season'} pick the long-term ones. NULL
 * for a parameter or period WHO sets no level for.
 */
public class WhoExceeds extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Boolean eval(String parameter, Double mean) {
        Pollutant p = SqlArguments.pollutant(parameter);
        return check(p == null ? null : WhoGuideline.shortTerm(p), mean);
    }

    public Boolean eval(String parameter, Double mean, String averaging) {
        Pollutant p = SqlArguments.pollutant(parameter);
        return check(p == null ? null : WhoGuideline.of(p, SqlArguments.averaging(averaging)), mean);
    }

    private static Boolean check(WhoGuideline guideline, Double mean) {
        return guideline == null || mean == null ? null : guideline.exceededBy(mean);
    }
}
