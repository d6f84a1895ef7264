package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.UnitConversions;

/**
 * {@code ppb_to_ugm3(parameter, ppb)}: a mixing ratio in ppb as µg/m³ at 25 °C and 1 atm. NULL for
 * an unknown parameter or a particulate, which has no molecular weight.
 */
public class PpbToUgm3 extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double eval(String parameter, Double ppb) {
        return Conversions.convert(parameter, ppb, ConcentrationUnit.PPB, ConcentrationUnit.UG_PER_M3);
    }

    /** Shared by the conversion functions: NULL instead of an exception for what cannot convert. */
    static final class Conversions {
        private Conversions() {
        }

        static Double convert(String parameter, Double value, ConcentrationUnit from, ConcentrationUnit to) {
            Pollutant p = SqlArguments.pollutant(parameter);
            if (p == null || value == null || p.isParticulate() && from.isMassBased() != to.isMassBased()) {
                return null;
            }
            return UnitConversions.convert(value, from, to, p);
        }
    }
}
