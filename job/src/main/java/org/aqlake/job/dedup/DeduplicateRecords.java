package org.aqlake.job.dedup;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.metrics.MetricNames;

import java.time.Duration;

/**
 * Drops a Kinesis record identical to one already passed (same partition key, same payload bytes: the
 * {@link RecordIdentity} it is keyed by) whose arrival time is within the horizon of the first copy's.
 * PutRecords is not idempotent, so a producer that times out and retries puts a record in twice; both copies
 * then carry their own sequence numbers and arrival times. Natural keys (location, parameter, time) are not
 * used: a mobile station reports under one location name from two places at once.
 *
 * <p>"Within the horizon" is judged by Kinesis' approximate arrival timestamps, not the local clock, so a
 * replay after a restore decides the same. The only state is the first copy's shard and arrival time per
 * identity; a processing-time timer removes it once the {@link ArrivalClock} shows that its shard has been
 * read past the horizon, or has been silent for {@value #SILENCE_HORIZONS} horizons (closed by resharding,
 * or stalled that long), so state returns to zero when the stream stops. Dropped copies are counted in
 * {@code duplicateRecords}.
 */
public final class DeduplicateRecords extends KeyedProcessFunction<Tuple2<Long, Long>, KinesisRecord, KinesisRecord> {

    private static final long serialVersionUID = 1L;

    /** How many horizons a shard may stay silent before the entries of its records go. */
    static final int SILENCE_HORIZONS = 3;

    private final long horizon;
    /** How often an entry the clock cannot release yet is looked at again. */
    private final long recheck;
    /** The first copy's shard and arrival time. */
    private transient ValueState<Tuple2<String, Long>> firstCopy;
    private transient ArrivalClock clock;
    private transient Counter duplicates;

    public DeduplicateRecords(Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("the horizon must be positive: " + horizon);
        }
        this.horizon = horizon.toMillis();
        this.recheck = Math.max(1_000L, this.horizon / 4);
    }

    @Override
    public void open(Configuration parameters) {
        firstCopy = getRuntimeContext().getState(
                new ValueStateDescriptor<>("first-copy", Types.TUPLE(Types.STRING, Types.LONG)));
        duplicates = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP)
                .counter(MetricNames.DUPLICATE_RECORDS);
    }

    /** Started on the first record or timer, as open() has no clock to read. */
    private ArrivalClock clock(long now) {
        if (clock == null) {
            clock = new ArrivalClock(SILENCE_HORIZONS * horizon, now);
        }
        return clock;
    }

    @Override
    public void processElement(KinesisRecord record, Context ctx, Collector<KinesisRecord> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        clock(now).observe(record.shardId, record.arrivalTime, now);
        Tuple2<String, Long> first = firstCopy.value();
        if (first != null && Math.abs(record.arrivalTime - first.f1) <= horizon) {
            duplicates.inc();
            return;
        }
        if (first == null) {
            ctx.timerService().registerProcessingTimeTimer(now + horizon);
        }
        // beyond the horizon it is a new record, and the horizon starts again from it
        if (first == null || record.arrivalTime > first.f1) {
            firstCopy.update(Tuple2.of(record.shardId, record.arrivalTime));
        }
        out.collect(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KinesisRecord> out) throws Exception {
        Tuple2<String, Long> first = firstCopy.value();
        if (first == null) {
            return;
        }
        // an overdue timer (after a restore) fires late: the clock must see the time it fires at
        long now = ctx.timerService().currentProcessingTime();
        if (clock(now).hasPassed(first.f0, first.f1 + horizon, now)) {
            firstCopy.clear();
        } else {
            ctx.timerService().registerProcessingTimeTimer(now + recheck);
        }
    }
}
