package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_o3_8h(concentration)}: the EPA AQI of an 8-hour O3 mean in ppm; NULL above 0.200 ppm, where the 1-hour value decides. */
public class AqiO3EightHour extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiO3EightHour() {
        super(BreakpointTable.O3_8H);
    }
}
