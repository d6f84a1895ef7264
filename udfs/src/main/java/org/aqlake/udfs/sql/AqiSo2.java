package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_so2(concentration)}: the EPA AQI of a 1-hour SO2 mean in ppb; NULL above 304 ppb, where the 24-hour mean decides (aqi_so2_24h). */
public class AqiSo2 extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiSo2() {
        super(BreakpointTable.SO2_1H);
    }
}
