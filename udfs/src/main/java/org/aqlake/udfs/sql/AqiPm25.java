package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_pm25(concentration)}: the EPA AQI of PM2.5 in µg/m³ (a 24-hour mean or a NowCast). */
public class AqiPm25 extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiPm25() {
        super(BreakpointTable.PM25_24H);
    }
}
