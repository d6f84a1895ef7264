package org.aqlake.job.support;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableSupplier;

import org.aqlake.job.model.KinesisRecord;

import java.time.Duration;
import java.util.List;

/**
 * Sends every record in order, but stops before the held-back ones (the tail of the input, from
 * position {@code inOrder} on) until the aggregation's watermark has reached a given time (by default
 * the last full hour of {@link SyntheticAirQuality}): from then on they are late and correct aggregates
 * already written, or come after their windows were sealed, whatever the machine's speed.
 *
 * <p>Use {@link #apply}: the map must run at parallelism 1, chained to the source, to see every record
 * and so know where the held-back ones start. At the job's parallelism each subtask would count only
 * its share, never reach the tail, and the readings would be late only when the machine happens to be
 * slow.
 */
public final class HoldBackTheLateReadings extends RichMapFunction<KinesisRecord, KinesisRecord> {
    private static final long serialVersionUID = 1L;
    private static final String AGGREGATION = "Aggregate readings.*";

    private final int inOrder;
    private final long wantedWatermark;
    private final long holdTimeoutMillis;
    // the reporter is the test class's static one: a supplier keeps this function serializable
    private final SerializableSupplier<InMemoryReporter> metrics;
    private int seen;

    private HoldBackTheLateReadings(int inOrder, long wantedWatermark, Duration holdTimeout,
            SerializableSupplier<InMemoryReporter> metrics) {
        this.inOrder = inOrder;
        this.wantedWatermark = wantedWatermark;
        this.holdTimeoutMillis = holdTimeout.toMillis();
        this.metrics = metrics;
    }

    /** The records with the held-back tail delayed: {@code inOrder} records pass at once, the rest wait. */
    public static DataStream<KinesisRecord> apply(DataStream<KinesisRecord> records, int inOrder,
            Duration holdTimeout, SerializableSupplier<InMemoryReporter> metrics) {
        return apply(records, inOrder, SyntheticAirQuality.BASE_TIME
                + (SyntheticAirQuality.HOURS - 1) * SyntheticAirQuality.HOUR, holdTimeout, metrics);
    }

    /** The same, waiting until the aggregation's watermark is at least {@code wantedWatermark}. */
    public static DataStream<KinesisRecord> apply(DataStream<KinesisRecord> records, int inOrder,
            long wantedWatermark, Duration holdTimeout, SerializableSupplier<InMemoryReporter> metrics) {
        if (records.getParallelism() != 1) {
            throw new IllegalArgumentException("the records must come in one ordered stream, not at parallelism "
                    + records.getParallelism());
        }
        return records.map(new HoldBackTheLateReadings(inOrder, wantedWatermark, holdTimeout, metrics))
                .setParallelism(1)
                .name("Hold back the late readings");
    }

    @Override
    public KinesisRecord map(KinesisRecord r) throws Exception {
        if (seen++ == inOrder) {
            long wanted = wantedWatermark;
            long deadline = System.nanoTime() + holdTimeoutMillis * 1_000_000L;
            while (aggregationWatermark() < wanted) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the aggregation's watermark never reached " + wanted);
                }
                Thread.sleep(100);
            }
        }
        return r;
    }

    private long aggregationWatermark() {
        InMemoryReporter reporter = metrics.get();
        List<OperatorMetricGroup> groups =
                reporter.findOperatorMetricGroups(getRuntimeContext().getJobInfo().getJobId(), AGGREGATION);
        long min = Long.MAX_VALUE;
        for (OperatorMetricGroup g : groups) {
            Metric m = reporter.getMetricsByGroup(g).get("currentInputWatermark");
            min = Math.min(min, m == null ? Long.MIN_VALUE : ((Number) ((Gauge<?>) m).getValue()).longValue());
        }
        return groups.size() == LakeTestJob.PARALLELISM ? min : Long.MIN_VALUE;
    }
}
