package org.aqlake.udfs.sql;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.aqi.NowCast;

/**
 * {@code nowcast(ARRAY[c0, c1, ..., c11])}: EPA's particulate NowCast of up to 12 hourly means in
 * µg/m³, newest first; a NULL element is an hour without data. NULL when fewer than 2 of the 3 most
 * recent hours have data. An array rather than 12 arguments, so a query can build it with
 * {@code ARRAY_AGG} or pass fewer hours.
 */
public class NowCastFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double eval(@DataTypeHint("ARRAY<DOUBLE>") Double[] hourly) {
        if (hourly == null) {
            return null;
        }
        double[] values = new double[hourly.length];
        for (int i = 0; i < hourly.length; i++) {
            values[i] = hourly[i] == null ? Double.NaN : hourly[i];
        }
        double nowCast = NowCast.pm(values);
        return Double.isNaN(nowCast) ? null : nowCast;
    }
}
