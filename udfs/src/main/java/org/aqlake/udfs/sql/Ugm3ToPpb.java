package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.units.ConcentrationUnit;

/**
 * {@code ugm3_to_ppb(parameter, ugm3)}: a mass concentration in µg/m³ as ppb at 25 °C and 1 atm.
 * NULL for an unknown parameter or a particulate.
 */
public class Ugm3ToPpb extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double eval(String parameter, Double ugPerM3) {
        return PpbToUgm3.Conversions.convert(parameter, ugPerM3, ConcentrationUnit.UG_PER_M3, ConcentrationUnit.PPB);
    }
}
