package org.aqlake.job.sink;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;

import java.util.Collections;
import java.util.Set;

/**
 * Writes a table's records straight into Parquet columns. Hand-declared rather than Avro reflection:
 * the schema is explicit (snake_case names, UTC millisecond timestamps) and no per-record Avro record is
 * built. A table gives its schema and writes each record's columns in schema order with the helpers
 * here; a null leaves an optional column empty.
 */
public abstract class LakeWriteSupport<T> extends WriteSupport<T> {

    private final MessageType schema;
    private final String[] names;
    private RecordConsumer out;
    private int index;

    protected LakeWriteSupport(MessageType schema) {
        this.schema = schema;
        this.names = schema.getFields().stream().map(f -> f.getName()).toArray(String[]::new);
    }

    /** The type of the lake's timestamp columns: UTC, in milliseconds. */
    protected static LogicalTypeAnnotation timestamp() {
        return LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS);
    }

    protected static LogicalTypeAnnotation string() {
        return LogicalTypeAnnotation.stringType();
    }

    /** Columns to write without a dictionary: none unless a table says so. */
    protected Set<String> withoutDictionary() {
        return Set.of();
    }

    /** Writes the record's columns in schema order, one helper call a column. */
    protected abstract void writeColumns(T record);

    @Override
    public final WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Collections.singletonMap("writer", "aq-lake"));
    }

    @Override
    public final void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public final void write(T record) {
        out.startMessage();
        index = 0;
        writeColumns(record);
        if (index != names.length) {
            throw new IllegalStateException(
                    "wrote " + index + " of the " + names.length + " columns of " + schema.getName());
        }
        out.endMessage();
    }

    protected final void longColumn(long v) {
        out.startField(names[index], index);
        out.addLong(v);
        out.endField(names[index], index++);
    }

    protected final void longColumn(Long v) {
        if (v != null) {
            longColumn(v.longValue());
        } else {
            index++;
        }
    }

    protected final void intColumn(Integer v) {
        if (v != null) {
            out.startField(names[index], index);
            out.addInteger(v);
            out.endField(names[index], index);
        }
        index++;
    }

    protected final void doubleColumn(double v) {
        out.startField(names[index], index);
        out.addDouble(v);
        out.endField(names[index], index++);
    }

    protected final void doubleColumn(Double v) {
        if (v != null) {
            doubleColumn(v.doubleValue());
        } else {
            index++;
        }
    }

    protected final void booleanColumn(Boolean v) {
        if (v != null) {
            out.startField(names[index], index);
            out.addBoolean(v);
            out.endField(names[index], index);
        }
        index++;
    }

    protected final void stringColumn(String v) {
        binaryColumn(v == null ? null : Binary.fromString(v));
    }

    protected final void binaryColumn(Binary v) {
        if (v != null) {
            out.startField(names[index], index);
            out.addBinary(v);
            out.endField(names[index], index);
        }
        index++;
    }
}
