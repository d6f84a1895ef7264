package org.aqlake.job.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import org.aqlake.job.model.Aggregate;
import org.aqlake.udfs.partition.PartitionTemplate;

/**
 * Puts each aggregate row into the partition the lake's template names for its window start, so an
 * hour's aggregates sit in the same folders as its readings, and a correction lands next to the row
 * it corrects. Of the template's partition keys, {@code parameter}, {@code unit} and {@code location}
 * are columns of the aggregates; the others have no value here and render as Hive's null partition.
 */
public final class AggregateBucketAssigner implements BucketAssigner<Aggregate, String> {

    private static final long serialVersionUID = 1L;

    private final PartitionTemplate template;

    public AggregateBucketAssigner(PartitionTemplate template) {
        this.template = template;
    }

    @Override
    public String getBucketId(Aggregate a, Context context) {
        return template.render(a.windowStart, column -> value(a, column));
    }

    private static String value(Aggregate a, String column) {
        switch (column) {
            case "parameter":
                return a.parameter;
            case "unit":
                return a.unit;
            case "location":
                return a.location;
            default:
                return null;
        }
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
