package org.aqlake.job.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import org.aqlake.udfs.partition.PartitionTemplate;

import java.io.Serializable;

/**
 * Puts each record into the partition a template names for the record's own time and key columns; the
 * tables' assigners are in {@link LakeBuckets}. The operator's clock and watermark ({@code Context}) are
 * not read: a partition is a function of the record alone, so a replay lands where the first run did.
 */
public final class PartitionBucketAssigner<T> implements BucketAssigner<T, String> {

    private static final long serialVersionUID = 1L;

    /** The time, in epoch milliseconds, a record is partitioned by. */
    @FunctionalInterface
    public interface TimeOf<T> extends Serializable {
        long of(T record);
    }

    /** A record's value for one of the template's partition key columns, or null for none. */
    @FunctionalInterface
    public interface KeyOf<T> extends Serializable {
        String of(T record, String column);
    }

    private final PartitionTemplate template;
    private final TimeOf<T> time;
    private final KeyOf<T> key;

    public PartitionBucketAssigner(PartitionTemplate template, TimeOf<T> time, KeyOf<T> key) {
        this.template = template;
        this.time = time;
        this.key = key;
    }

    @Override
    public String getBucketId(T record, Context context) {
        return template.render(time.of(record), column -> key.of(record, column));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
