package org.aqlake.job.sink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.Reading;
import org.aqlake.job.metrics.MetricNames;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Bounds how many partitions the readings writer right after it (chained, same parallelism) writes into at
 * once. Every file rolls on checkpoint, so the writer's open part files are those of the partitions it got
 * readings for since the last checkpoint: one open Parquet writer each, with its buffers, and on S3 a
 * multipart upload. A reading for a partition beyond {@code max} of them becomes a {@link
 * ErrorType#TOO_MANY_OPEN_PARTITIONS} dead letter, whose payload is the row as JSON: never lost, never in
 * two places, and the writer cannot run out of memory or file handles because of a flood of partitions.
 *
 * <p>The count starts again at each checkpoint: the writer closes all its files before the barrier goes on,
 * and this operator forgets its partitions when it snapshots, with no record between the two. It keeps no
 * state: after a restore the writer has no open file either.
 */
public final class OpenPartitionBound extends ProcessFunction<Reading, Reading> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** The same tag as the decoder's: the dead letters go to the one dead-letter sink. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DecodeReadings.DEAD_LETTERS;
    /** The configuration key of the bound, named in the dead letters it makes. */
    public static final String MAX_OPEN_PARTITIONS_KEY = "lake.max-open-partitions";

    private final PartitionBucketAssigner<Reading> buckets;
    private final int max;
    /** The readings stream, for the dead letters' lineage: a reading does not carry it. */
    private final String stream;

    private transient Set<String> open;
    private transient Counter overflowed;

    public OpenPartitionBound(PartitionBucketAssigner<Reading> buckets, int max, String stream) {
        if (max < 1) {
            throw new IllegalArgumentException("the open partition bound must be at least 1, not " + max);
        }
        this.buckets = buckets;
        this.max = max;
        this.stream = stream;
    }

    @Override
    public void open(Configuration parameters) {
        open = new HashSet<>();
        overflowed = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP)
                .addGroup(MetricNames.ERROR_TYPE, ErrorType.TOO_MANY_OPEN_PARTITIONS.id())
                .counter(MetricNames.DEAD_LETTERS);
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<Reading> out) {
        String bucket = buckets.getBucketId(r, null);
        if (open.size() < max || open.contains(bucket)) {
            open.add(bucket);
            out.collect(r);
            return;
        }
        overflowed.inc();
        ctx.output(DEAD_LETTERS, deadLetter(r, bucket));
    }

    private DeadLetter deadLetter(Reading r, String bucket) {
        DeadLetter d = new DeadLetter();
        d.errorType = ErrorType.TOO_MANY_OPEN_PARTITIONS;
        d.reason = "partition " + bucket + " would be open partition " + (max + 1) + " of this readings writer"
                + " since the last checkpoint; " + MAX_OPEN_PARTITIONS_KEY + " is " + max;
        d.payload = rowJson(r);
        d.stream = stream;
        d.shardId = r.shardId;
        d.sequenceNumber = r.sequenceNumber;
        d.arrivalTime = r.arrivalTime;
        return d;
    }

    /** The row the readings table would have held, with its column names. */
    static byte[] rowJson(Reading r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = PayloadJson.JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("event_time", Instant.ofEpochMilli(r.eventTime).toString());
            g.writeStringField("parameter", r.parameter);
            g.writeNumberField("value", r.value);
            g.writeStringField("unit", r.unit);
            g.writeStringField("location", r.location);
            g.writeStringField("city", r.city);
            g.writeStringField("country", r.country);
            writeNumber(g, "latitude", r.latitude);
            writeNumber(g, "longitude", r.longitude);
            writeNumber(g, "averaging_period_value", r.averagingPeriodValue);
            g.writeStringField("averaging_period_unit", r.averagingPeriodUnit);
            g.writeStringField("source_name", r.sourceName);
            g.writeStringField("source_type", r.sourceType);
            if (r.mobile == null) {
                g.writeNullField("mobile");
            } else {
                g.writeBooleanField("mobile", r.mobile);
            }
            g.writeStringField("device_id", r.deviceId);
            g.writeStringField("arrival_time", Instant.ofEpochMilli(r.arrivalTime).toString());
            g.writeStringField("shard_id", r.shardId);
            g.writeStringField("sequence_number", r.sequenceNumber);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeNumber(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // the chained writer has just closed every file it had open, before this snapshot
        open.clear();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // no state: a restored writer has no open file, so the count starts at zero
    }

    /** Partitions counted since the last checkpoint, for tests. */
    int openPartitions() {
        return open.size();
    }
}
