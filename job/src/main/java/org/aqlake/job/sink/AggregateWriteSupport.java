package org.aqlake.job.sink;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.aqlake.job.model.Aggregate;

/** The columns of the aggregates table. */
public final class AggregateWriteSupport extends LakeWriteSupport<Aggregate> {

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("window_start")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("window_end")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("location")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("city")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("country")
            .optional(PrimitiveTypeName.DOUBLE).named("latitude")
            .optional(PrimitiveTypeName.DOUBLE).named("longitude")
            .required(PrimitiveTypeName.BINARY).as(string()).named("parameter")
            .required(PrimitiveTypeName.BINARY).as(string()).named("unit")
            .required(PrimitiveTypeName.INT64).named("count")
            .required(PrimitiveTypeName.DOUBLE).named("min")
            .required(PrimitiveTypeName.DOUBLE).named("max")
            .required(PrimitiveTypeName.DOUBLE).named("mean")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("first_time")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("last_time")
            .required(PrimitiveTypeName.BINARY).as(string()).named("reference_unit")
            .optional(PrimitiveTypeName.DOUBLE).named("mean_reference")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("aqi_averaging")
            .optional(PrimitiveTypeName.DOUBLE).named("aqi_concentration")
            .optional(PrimitiveTypeName.INT32).named("aqi")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("aqi_category")
            .optional(PrimitiveTypeName.INT32).named("location_aqi")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("dominant_pollutant")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("who_averaging")
            .optional(PrimitiveTypeName.DOUBLE).named("who_mean")
            .optional(PrimitiveTypeName.DOUBLE).named("who_guideline")
            .optional(PrimitiveTypeName.BOOLEAN).named("who_exceeds")
            .required(PrimitiveTypeName.INT32).named("revision")
            .optional(PrimitiveTypeName.INT64).as(timestamp()).named("arrivals_until")
            .optional(PrimitiveTypeName.INT64).as(timestamp()).named("sealed_at")
            .named("aggregate");

    public AggregateWriteSupport() {
        super(SCHEMA);
    }

    @Override
    protected void writeColumns(Aggregate a) {
        longColumn(a.windowStart);
        longColumn(a.windowEnd);
        stringColumn(a.location);
        stringColumn(a.city);
        stringColumn(a.country);
        doubleColumn(a.latitude);
        doubleColumn(a.longitude);
        stringColumn(a.parameter);
        stringColumn(a.unit);
        longColumn(a.count);
        doubleColumn(a.min);
        doubleColumn(a.max);
        doubleColumn(a.mean);
        longColumn(a.firstTime);
        longColumn(a.lastTime);
        stringColumn(a.referenceUnit);
        doubleColumn(a.meanReference);
        stringColumn(a.aqiAveraging);
        doubleColumn(a.aqiConcentration);
        intColumn(a.aqi);
        stringColumn(a.aqiCategory);
        intColumn(a.locationAqi);
        stringColumn(a.dominantPollutant);
        stringColumn(a.whoAveraging);
        doubleColumn(a.whoMean);
        doubleColumn(a.whoGuideline);
        booleanColumn(a.whoExceeds);
        intColumn(a.revision);
        longColumn(a.arrivalsUntil);
        longColumn(a.sealedAt);
    }
}
