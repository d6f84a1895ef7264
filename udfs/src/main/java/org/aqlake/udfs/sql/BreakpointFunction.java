package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.aqi.BreakpointTable;

/**
 * A SQL function that looks a concentration up in one AQI breakpoint table: truncates it to the
 * table's precision and returns the rounded index, or NULL where the table defines none (or for a
 * NULL input). The subclasses only choose the table, so every AQI function behaves the same way.
 */
public abstract class BreakpointFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final BreakpointTable table;

    protected BreakpointFunction(BreakpointTable table) {
        this.table = table;
    }

    public Integer eval(Double concentration) {
        return concentration == null ? null : table.index(concentration);
    }
}
