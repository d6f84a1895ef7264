package org.aqlake.job.sink;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.aqlake.job.model.Reading;

import java.util.Collections;

/**
 * Writes {@link Reading}s straight into Parquet columns. Hand-declared rather than Avro reflection:
 * the schema is explicit (snake_case names, UTC millisecond timestamps) and no per-record Avro
 * record is built.
 */
public final class ReadingWriteSupport extends WriteSupport<Reading> {

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS)).named("event_time")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("parameter")
            .required(PrimitiveTypeName.DOUBLE).named("value")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("unit")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("location")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("city")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country")
            .optional(PrimitiveTypeName.DOUBLE).named("latitude")
            .optional(PrimitiveTypeName.DOUBLE).named("longitude")
            .optional(PrimitiveTypeName.DOUBLE).named("averaging_period_value")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("averaging_period_unit")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("source_name")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("source_type")
            .optional(PrimitiveTypeName.BOOLEAN).named("mobile")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("device_id")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS)).named("arrival_time")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("shard_id")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sequence_number")
            .named("reading");

    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(SCHEMA, Collections.singletonMap("writer", "aq-lake"));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Reading r) {
        out.startMessage();
        int i = 0;
        longField("event_time", i++, r.eventTime);
        stringField("parameter", i++, r.parameter);
        doubleField("value", i++, r.value);
        stringField("unit", i++, r.unit);
        stringField("location", i++, r.location);
        stringField("city", i++, r.city);
        stringField("country", i++, r.country);
        doubleField("latitude", i++, r.latitude);
        doubleField("longitude", i++, r.longitude);
        doubleField("averaging_period_value", i++, r.averagingPeriodValue);
        stringField("averaging_period_unit", i++, r.averagingPeriodUnit);
        stringField("source_name", i++, r.sourceName);
        stringField("source_type", i++, r.sourceType);
        if (r.mobile != null) {
            out.startField("mobile", i);
            out.addBoolean(r.mobile);
            out.endField("mobile", i);
        }
        i++;
        stringField("device_id", i++, r.deviceId);
        longField("arrival_time", i++, r.arrivalTime);
        stringField("shard_id", i++, r.shardId);
        stringField("sequence_number", i, r.sequenceNumber);
        out.endMessage();
    }

    private void longField(String name, int index, long v) {
        out.startField(name, index);
        out.addLong(v);
        out.endField(name, index);
    }

    private void doubleField(String name, int index, Double v) {
        if (v != null) {
            out.startField(name, index);
            out.addDouble(v);
            out.endField(name, index);
        }
    }

    private void stringField(String name, int index, String v) {
        if (v != null) {
            out.startField(name, index);
            out.addBinary(Binary.fromString(v));
            out.endField(name, index);
        }
    }
}
