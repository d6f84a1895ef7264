package org.aqlake.job.sink;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.aqlake.job.model.LateReadings;

/** The columns of the late-readings table ({@code aggregates_late}). */
public final class LateReadingsWriteSupport extends LakeWriteSupport<LateReadings> {

    public static final MessageType SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY).as(string()).named("location")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("city")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("country")
            .required(PrimitiveTypeName.BINARY).as(string()).named("parameter")
            .required(PrimitiveTypeName.BINARY).as(string()).named("unit")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("window_start")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("window_end")
            .required(PrimitiveTypeName.INT64).named("readings")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("arrival_time")
            .named("late_readings");

    public LateReadingsWriteSupport() {
        super(SCHEMA);
    }

    @Override
    protected void writeColumns(LateReadings l) {
        stringColumn(l.location);
        stringColumn(l.city);
        stringColumn(l.country);
        stringColumn(l.parameter);
        stringColumn(l.unit);
        longColumn(l.windowStart);
        longColumn(l.windowEnd);
        longColumn(l.readings);
        longColumn(l.arrivalTime);
    }
}
