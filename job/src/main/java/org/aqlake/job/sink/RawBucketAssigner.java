package org.aqlake.job.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.udfs.partition.PartitionTemplate;

/**
 * The raw archive is partitioned by arrival time: it is the record of what arrived when, it holds
 * payloads that never parsed, and it is what a replay reads back in order.
 */
public final class RawBucketAssigner implements BucketAssigner<KinesisRecord, String> {

    private static final long serialVersionUID = 1L;

    private final PartitionTemplate template;

    public RawBucketAssigner(PartitionTemplate template) {
        this.template = template;
    }

    @Override
    public String getBucketId(KinesisRecord r, Context context) {
        return template.render(r.arrivalTime, key -> null);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
