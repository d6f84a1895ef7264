package org.aqlake.job.sink;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.aqlake.job.model.Reading;

import java.util.Set;

/** The columns of the readings table. */
public final class ReadingWriteSupport extends LakeWriteSupport<Reading> {

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("event_time")
            .required(PrimitiveTypeName.BINARY).as(string()).named("parameter")
            .required(PrimitiveTypeName.DOUBLE).named("value")
            .required(PrimitiveTypeName.BINARY).as(string()).named("unit")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("location")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("city")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("country")
            .optional(PrimitiveTypeName.DOUBLE).named("latitude")
            .optional(PrimitiveTypeName.DOUBLE).named("longitude")
            .optional(PrimitiveTypeName.DOUBLE).named("averaging_period_value")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("averaging_period_unit")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("source_name")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("source_type")
            .optional(PrimitiveTypeName.BOOLEAN).named("mobile")
            .optional(PrimitiveTypeName.BINARY).as(string()).named("device_id")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("arrival_time")
            .required(PrimitiveTypeName.BINARY).as(string()).named("shard_id")
            .required(PrimitiveTypeName.BINARY).as(string()).named("sequence_number")
            .named("reading");

    private final EncodedStrings parameters = new EncodedStrings();
    private final EncodedStrings units = new EncodedStrings();
    private final EncodedStrings shards = new EncodedStrings();

    public ReadingWriteSupport() {
        super(SCHEMA);
    }

    /**
     * {@code sequence_number} is unique per record, so a dictionary for it only costs: parquet-java would
     * hash every value into one until the page gives up and falls back to plain encoding (the
     * benchmark's profile showed that hashing among the writer's top costs).
     */
    @Override
    protected Set<String> withoutDictionary() {
        return Set.of("sequence_number");
    }

    @Override
    protected void writeColumns(Reading r) {
        longColumn(r.eventTime);
        binaryColumn(parameters.of(r.parameter));
        doubleColumn(r.value);
        binaryColumn(units.of(r.unit));
        stringColumn(r.location);
        stringColumn(r.city);
        stringColumn(r.country);
        doubleColumn(r.latitude);
        doubleColumn(r.longitude);
        doubleColumn(r.averagingPeriodValue);
        stringColumn(r.averagingPeriodUnit);
        stringColumn(r.sourceName);
        stringColumn(r.sourceType);
        booleanColumn(r.mobile);
        stringColumn(r.deviceId);
        longColumn(r.arrivalTime);
        binaryColumn(shards.of(r.shardId));
        stringColumn(r.sequenceNumber);
    }
}
