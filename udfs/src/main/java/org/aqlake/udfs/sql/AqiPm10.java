package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_pm10(concentration)}: the EPA AQI of PM10 in µg/m³ (a 24-hour mean or a NowCast). */
public class AqiPm10 extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiPm10() {
        super(BreakpointTable.PM10_24H);
    }
}
