package org.aqlake.job.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import org.aqlake.job.model.Reading;

import java.time.Duration;

/**
 * The event time of the readings: each reading's timestamp is its own, a watermark is kept per Kinesis
 * shard (the minimum over the shards read within the idleness goes on), and a reading contributes to it
 * no more than its Kinesis arrival time.
 *
 * <p>The cap: validation accepts a reading up to {@code validation.max-future} after its arrival (clock
 * skew), and one device with a fast clock would otherwise move the watermark up to that far ahead of
 * every other device, making their on-time readings late. Its row keeps its own time and partition. The
 * arrival time is Kinesis', recorded with the record, so a replay computes the same watermarks; the
 * local clock would not.
 */
public final class ReadingWatermarks {

    private ReadingWatermarks() {}

    public static IdleAwareWatermarks<Reading> create(Duration outOfOrderness, Duration idleness) {
        return IdleAwareWatermarks.perSplit(WatermarkStrategy
                        .<Reading>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((reading, ignored) -> reading.eventTime),
                idleness,
                reading -> reading.shardId,
                (reading, timestamp) -> Math.min(timestamp, reading.arrivalTime));
    }
}
