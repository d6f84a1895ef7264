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

import org.aqlake.job.model.Aggregate;

import java.util.Collections;

/**
 * Writes {@link Aggregate}s straight into Parquet columns, like {@link ReadingWriteSupport}: an
 * explicit schema with snake_case names and UTC millisecond timestamps.
 */
public final class AggregateWriteSupport extends WriteSupport<Aggregate> {

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("window_start")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("window_end")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("location")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("parameter")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("unit")
            .required(PrimitiveTypeName.INT64).named("count")
            .required(PrimitiveTypeName.DOUBLE).named("min")
            .required(PrimitiveTypeName.DOUBLE).named("max")
            .required(PrimitiveTypeName.DOUBLE).named("mean")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("first_time")
            .required(PrimitiveTypeName.INT64).as(timestamp()).named("last_time")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("reference_unit")
            .optional(PrimitiveTypeName.DOUBLE).named("mean_reference")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("aqi_averaging")
            .optional(PrimitiveTypeName.DOUBLE).named("aqi_concentration")
            .optional(PrimitiveTypeName.INT32).named("aqi")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("aqi_category")
            .optional(PrimitiveTypeName.INT32).named("location_aqi")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("dominant_pollutant")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("who_averaging")
            .optional(PrimitiveTypeName.DOUBLE).named("who_mean")
            .optional(PrimitiveTypeName.DOUBLE).named("who_guideline")
            .optional(PrimitiveTypeName.BOOLEAN).named("who_exceeds")
            .required(PrimitiveTypeName.INT32).named("revision")
            .named("aggregate");

    private RecordConsumer out;
    private int index;

    private static LogicalTypeAnnotation timestamp() {
        return LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(SCHEMA, Collections.singletonMap("writer", "aq-lake"));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Aggregate a) {
        out.startMessage();
        index = 0;
        longField(a.windowStart);
        longField(a.windowEnd);
        stringField(a.location);
        stringField(a.parameter);
        stringField(a.unit);
        longField(a.count);
        doubleField(a.min);
        doubleField(a.max);
        doubleField(a.mean);
        longField(a.firstTime);
        longField(a.lastTime);
        stringField(a.referenceUnit);
        doubleField(a.meanReference);
        stringField(a.aqiAveraging);
        doubleField(a.aqiConcentration);
        intField(a.aqi);
        stringField(a.aqiCategory);
        intField(a.locationAqi);
        stringField(a.dominantPollutant);
        stringField(a.whoAveraging);
        doubleField(a.whoMean);
        doubleField(a.whoGuideline);
        booleanField(a.whoExceeds);
        intField(a.revision);
        out.endMessage();
    }

    // Each helper writes the next column in schema order; a null leaves an optional column empty.

    private String next() {
        return SCHEMA.getFieldName(index);
    }

    private void longField(long v) {
        String name = next();
        out.startField(name, index);
        out.addLong(v);
        out.endField(name, index++);
    }

    private void intField(Integer v) {
        if (v != null) {
            String name = next();
            out.startField(name, index);
            out.addInteger(v);
            out.endField(name, index);
        }
        index++;
    }

    private void doubleField(Double v) {
        if (v != null) {
            String name = next();
            out.startField(name, index);
            out.addDouble(v);
            out.endField(name, index);
        }
        index++;
    }

    private void booleanField(Boolean v) {
        if (v != null) {
            String name = next();
            out.startField(name, index);
            out.addBoolean(v);
            out.endField(name, index);
        }
        index++;
    }

    private void stringField(String v) {
        if (v != null) {
            String name = next();
            out.startField(name, index);
            out.addBinary(Binary.fromString(v));
            out.endField(name, index);
        }
        index++;
    }
}
