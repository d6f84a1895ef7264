package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_o3_1h(concentration)}: the EPA AQI of a 1-hour O3 mean in ppm; NULL below 0.125 ppm, where only the 8-hour value is used. */
public class AqiO3OneHour extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiO3OneHour() {
        super(BreakpointTable.O3_1H);
    }
}
