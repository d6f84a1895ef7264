package org.aqlake.job.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import org.aqlake.job.model.Reading;
import org.aqlake.udfs.partition.PartitionTemplate;

/**
 * Puts each reading into the partition its template names, by the reading's own event time (or, as
 * an option, its arrival time). Unlike Flink's {@code DateTimeBucketAssigner} and Firehose, a late
 * reading lands in the hour it was measured.
 */
public final class ReadingBucketAssigner implements BucketAssigner<Reading, String> {

    private static final long serialVersionUID = 1L;

    private final PartitionTemplate template;
    private final PartitionTime partitionTime;

    public ReadingBucketAssigner(PartitionTemplate template, PartitionTime partitionTime) {
        this.template = template;
        this.partitionTime = partitionTime;
    }

    @Override
    public String getBucketId(Reading r, Context context) {
        long time = partitionTime == PartitionTime.EVENT ? r.eventTime : r.arrivalTime;
        return template.render(time, column -> ReadingColumns.value(r, column));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
