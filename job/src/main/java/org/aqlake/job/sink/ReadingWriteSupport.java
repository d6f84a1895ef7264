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
        binaryField("parameter", i++, parameters.of(r.parameter));
        doubleField("value", i++, r.value);
        binaryField("unit", i++, units.of(r.unit));
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
        binaryField("shard_id", i++, shards.of(r.shardId));
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
            binaryField(name, index, Binary.fromString(v));
        }
    }

    private void binaryField(String name, int index, Binary v) {
        if (v != null) {
            out.startField(name, index);
            out.addBinary(v);
            out.endField(name, index);
        }
    }

    private final EncodedStrings parameters = new EncodedStrings();
    private final EncodedStrings units = new EncodedStrings();
    private final EncodedStrings shards = new EncodedStrings();

    /**
     * The UTF-8 of a column's few recurring String instances, so they are encoded once per file instead
     * of once per row. The parameter and unit of a reading are the canonical constants of their enums,
     * and the Kinesis source hands out one shard id String per shard, so a comparison by identity finds
     * them; any other String is encoded as usual. A Binary is immutable, so one may serve many rows.
     */
    static final class EncodedStrings {
        private static final int SIZE = 16;
        private final String[] strings = new String[SIZE];
        private final Binary[] binaries = new Binary[SIZE];
        private int next;

        Binary of(String s) {
            if (s == null) {
                return null;
            }
            for (int i = 0; i < SIZE; i++) {
                if (strings[i] == s) {
                    return binaries[i];
                }
            }
            Binary b = Binary.fromString(s);
            strings[next] = s;
            binaries[next] = b;
            next = (next + 1) % SIZE;
            return b;
        }
    }
}
