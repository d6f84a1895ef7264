package org.aqlake.udfs.sql;

import org.aqlake.udfs.aqi.BreakpointTable;

/** {@code aqi_co(concentration)}: the EPA AQI of an 8-hour CO mean in ppm. */
public class AqiCo extends BreakpointFunction {

    private static final long serialVersionUID = 1L;

    public AqiCo() {
        super(BreakpointTable.CO_8H);
    }
}
