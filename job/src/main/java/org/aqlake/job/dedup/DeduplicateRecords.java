package org.aqlake.job.dedup;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.model.KinesisRecord;

import java.time.Duration;

/**
 * Drops a Kinesis record identical to one already passed (same partition key, same payload bytes: the
 * {@link RecordIdentity} it is keyed by) whose arrival time is within the horizon of the first copy's.
 * PutRecords is not idempotent, so a producer that times out and retries puts a record in twice; both copies
 * then carry their own sequence numbers and arrival times. Natural keys (location, parameter, time) are not
 * used: a mobile station reports under one location name from two places at once.
 *
 * <p>"Within the horizon" is judged by Kinesis' approximate arrival timestamps, not the local clock, so a
 * replay after a restore decides the same. The only state is the first copy's arrival time per identity;
 * a processing-time timer removes it once the {@link ArrivalClock} shows that no unread record can be its
 * duplicate, so state returns to zero when the stream stops. Dropped copies are counted in
 * {@code duplicateRecords}.
 */
public final class DeduplicateRecords extends KeyedProcessFunction<Tuple2<Long, Long>, KinesisRecord, KinesisRecord> {

    private static final long serialVersionUID = 1L;

    private final long horizon;
    /** How often an entry the clock cannot release yet is looked at again. */
    private final long recheck;
    private transient ValueState<Long> firstArrival;
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
        firstArrival = getRuntimeContext().getState(new ValueStateDescriptor<>("first-arrival", Types.LONG));
        duplicates = getRuntimeContext().getMetricGroup().addGroup(DecodeReadings.METRIC_GROUP)
                .counter(DecodeReadings.DUPLICATES_METRIC);
    }

    /** Started on the first record or timer, as open() has no clock to read. */
    private ArrivalClock clock(long now) {
        if (clock == null) {
            clock = new ArrivalClock(horizon, now);
        }
        return clock;
    }

    @Override
    public void processElement(KinesisRecord record, Context ctx, Collector<KinesisRecord> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        clock(now).observe(record.shardId, record.arrivalTime, now);
        Long first = firstArrival.value();
        if (first != null && Math.abs(record.arrivalTime - first) <= horizon) {
            duplicates.inc();
            return;
        }
        if (first == null) {
            ctx.timerService().registerProcessingTimeTimer(now + horizon);
        }
        // beyond the horizon it is a new record, and the horizon starts again from it
        firstArrival.update(first == null ? record.arrivalTime : Math.max(first, record.arrivalTime));
        out.collect(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KinesisRecord> out) throws Exception {
        Long first = firstArrival.value();
        if (first == null) {
            return;
        }
        // an overdue timer (after a restore) fires late: the clock must see the time it fires at
        long now = ctx.timerService().currentProcessingTime();
        if (clock(now).hasPassed(first + horizon, now)) {
            firstArrival.clear();
        } else {
            ctx.timerService().registerProcessingTimeTimer(now + recheck);
        }
    }
}
