package org.aqlake.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;

import org.aqlake.udfs.aqi.AqiCategory;

/** {@code aqi_category(aqi)}: EPA's category name of an index, for example {@code Moderate}. */
public class AqiCategoryName extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public String eval(Integer aqi) {
        return aqi == null || aqi < 0 ? null : AqiCategory.of(aqi).label();
    }
}
