package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_no2(concentration)}: the EPA AQI of a 1-hour NO2 mean in ppb. */
public class AqiNo2 extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiNo2() {
        super(BreakpointTable.NO2_1H);
    }
}
