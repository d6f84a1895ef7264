package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_so2_24h(concentration)}: the EPA AQI of a 24-hour SO2 mean in ppb; only defined from 305 ppb (AQI 201) up. */
public class AqiSo2TwentyFourHour extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiSo2TwentyFourHour() {
        super(BreakpointTable.SO2_24H);
    }
}
