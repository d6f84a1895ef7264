package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.aqi.WhoGuideline;
import org.aqlake.udfs.units.Pollutant;

/**
 * {@code who_guideline(parameter)} and {@code who_guideline(parameter, averaging)}: the WHO 2021
 * guideline level in µg/m³ (mg/m³ for CO); the short-term one unless {@code averaging} says
 * {@code 'annual'} or {@code 'peak-season'}. NULL where WHO sets none.
 */
public class WhoGuidelineLevel extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double eval(String parameter) {
        Pollutant p = SqlArguments.pollutant(parameter);
        return level(p == null ? null : WhoGuideline.shortTerm(p));
    }

    public Double eval(String parameter, String averaging) {
        Pollutant p = SqlArguments.pollutant(parameter);
        return level(p == null ? null : WhoGuideline.of(p, SqlArguments.averaging(averaging)));
    }

    private static Double level(WhoGuideline guideline) {
        return guideline == null ? null : guideline.level();
    }
}
