package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.ReferenceUnits;

/**
 * {@code to_reference_unit(parameter, value, unit)}: a reading's value in its pollutant's reference
 * unit (µg/m³ for particulates, ppb for O3/NO2/SO2/NO/NOx, ppm for CO/CO2/CH4), the unit of the
 * aggregates' {@code mean_reference}. NULL when the parameter or unit is unknown or no conversion
 * exists.
 */
public class ToReferenceUnit extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double eval(String parameter, Double value, String unit) {
        Pollutant p = SqlArguments.pollutant(parameter);
        ConcentrationUnit u = SqlArguments.unit(unit);
        if (p == null || u == null || value == null) {
            return null;
        }
        double converted = ReferenceUnits.toReference(value, u, p);
        return Double.isNaN(converted) ? null : converted;
    }
}
