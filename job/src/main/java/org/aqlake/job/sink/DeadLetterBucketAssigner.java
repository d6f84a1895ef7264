package org.aqlake.job.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.udfs.partition.PartitionTemplate;

import java.util.Set;

/** {@code error=<type>/yyyy/MM/dd} by arrival time: a bad record may have no usable event time. */
public final class DeadLetterBucketAssigner implements BucketAssigner<DeadLetter, String> {

    private static final long serialVersionUID = 1L;

    static final String TEMPLATE =
            "error=!{partitionKey:error}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/";

    private final PartitionTemplate template = PartitionTemplate.compile(TEMPLATE, Set.of("error"));

    @Override
    public String getBucketId(DeadLetter d, Context context) {
        return template.render(d.arrivalTime, key -> d.errorType.id());
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
