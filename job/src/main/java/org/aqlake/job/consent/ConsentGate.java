package org.aqlake.job.consent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.Collector;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.consent.ConsentHistory;
import org.aqlake.udfs.consent.ConsentVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keyed half of the consent gate: readings (input 1) and consent registry records (input 2), both
 * keyed by device id, decided in event time like a temporal join.
 *
 * <p>A reading at time t is decided once the operator's watermark passes t. The watermark of a
 * two-input operator is the smaller of its inputs', so by then the consent input has delivered every
 * record written on or before t, and the verdict cannot depend on which input happened to arrive first:
 * no race. Until then the reading is held in keyed state with an event-time timer at t. Should the
 * watermark not come (a stalled consent input, or both inputs idle at the end of a stream), a
 * processing-time timer decides it after {@link ConsentRules#maxWaitMillis} with the consent known by
 * then: a known grant passes, anything else is denied; fail closed.
 *
 * <p>The wait is measured on a clock that stops while the job is down: a restore adds the time since the
 * snapshot to {@code downtime} (operator state), and deadlines are kept on that clock. A reading held
 * at a snapshot thus waits, after the restore, what it still had to wait when the snapshot was taken,
 * and the consent backlog the sources re-read gets its chance first. Processing-time timers restored
 * from a snapshot fire at once when overdue; they find nothing due and re-arm for the remaining wait.
 *
 * <p>State per device: the {@link ConsentHistory}, the held readings by arrival number, their arrival
 * numbers by event time, and a {@link HeldQueue}. A watermark timer at t decides the readings measured at
 * t; the wait timer (one per device) decides from the head of the arrival order, where the deadlines are.
 * Each held reading is thus read and written a constant number of times, however many a device holds.
 * All are cleared when empty, the history is trimmed to what a reading within
 * {@link ConsentRules#historyRetentionMillis} behind the watermark could still need, and every timer is
 * deleted or fires, so a device that goes quiet leaves nothing behind once its consent has ended.
 */
public final class ConsentGate extends KeyedCoProcessFunction<String, Reading, ConsentRecord, Reading>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final String HISTORY_STATE = "consent-history";
    /** Held readings as the gate kept them before the arrival-ordered state below; moved out on first touch. */
    public static final String LEGACY_HELD_STATE = "held-readings";
    public static final String HELD_STATE = "held-by-arrival";
    public static final String HELD_TIMES_STATE = "held-arrivals-by-event-time";
    public static final String QUEUE_STATE = "held-queue";
    /** Operator state: the wait clock's downtime so far and the processing time of the snapshot. */
    public static final String WAIT_CLOCK_STATE = "consent-wait-clock";

    private static final long NO_SNAPSHOT = Long.MIN_VALUE;

    private final ConsentRules rules;
    private transient ValueState<ConsentHistory> history;
    private transient ListState<HeldReading> legacyHeld;
    private transient MapState<Long, HeldReading> held;
    private transient MapState<Long, List<Long>> heldTimes;
    private transient ValueState<HeldQueue> queue;
    private transient ListState<Tuple2<Long, Long>> waitClock;
    private transient Map<ConsentDenial, Counter> denied;
    /** Processing time the job spent down, summed over restores: the wait clock is processing time minus this. */
    private transient long downtime;
    private transient long restoredDowntime;
    private transient long restoredSnapshotAt;

    public ConsentGate(ConsentRules rules) {
        this.rules = rules;
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        // union: after a rescale every subtask still learns when the snapshot was taken
        waitClock = ctx.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(WAIT_CLOCK_STATE, Types.TUPLE(Types.LONG, Types.LONG)));
        restoredDowntime = 0;
        restoredSnapshotAt = NO_SNAPSHOT;
        for (Tuple2<Long, Long> clock : waitClock.get()) {
            restoredDowntime = Math.max(restoredDowntime, clock.f0);
            restoredSnapshotAt = Math.max(restoredSnapshotAt, clock.f1);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        waitClock.update(List.of(Tuple2.of(downtime, processingTime())));
    }

    @Override
    public void open(Configuration parameters) {
        history = getRuntimeContext().getState(new ValueStateDescriptor<>(HISTORY_STATE, ConsentHistory.class));
        legacyHeld = getRuntimeContext().getListState(new ListStateDescriptor<>(LEGACY_HELD_STATE, HeldReading.class));
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>(HELD_STATE, Types.LONG,
                Types.POJO(HeldReading.class)));
        heldTimes = getRuntimeContext().getMapState(new MapStateDescriptor<>(HELD_TIMES_STATE, Types.LONG,
                Types.LIST(Types.LONG)));
        queue = getRuntimeContext().getState(new ValueStateDescriptor<>(QUEUE_STATE, HeldQueue.class));
        denied = ConsentDenial.counters(getRuntimeContext());
        downtime = restoredSnapshotAt == NO_SNAPSHOT
                ? restoredDowntime
                : restoredDowntime + Math.max(0, processingTime() - restoredSnapshotAt);
    }

    private long processingTime() {
        return ((StreamingRuntimeContext) getRuntimeContext()).getProcessingTimeService().getCurrentProcessingTime();
    }

    @Override
    public void processElement1(Reading reading, Context ctx, Collector<Reading> out) throws Exception {
        TimerService timers = ctx.timerService();
        adoptLegacyHeld(timers);
        long watermark = timers.currentWatermark();
        if (reading.eventTime <= watermark) {
            // late reading: consent for its time is already complete
            decide(reading, history.value(), false, out);
            forgetHistory(watermark);
            return;
        }
        long deadline = timers.currentProcessingTime() - downtime + rules.maxWaitMillis;
        HeldQueue q = queue.value();
        if (q == null) {
            q = new HeldQueue();
        }
        hold(q, new HeldReading(reading, deadline), timers);
        queue.update(q);
    }

    /** Appends a reading to the device's arrival order and arms what decides it. */
    private void hold(HeldQueue q, HeldReading h, TimerService timers) throws Exception {
        long arrival = q.next++;
        held.put(arrival, h);
        List<Long> atTime = heldTimes.get(h.reading.eventTime);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
        }
        atTime.add(arrival);
        heldTimes.put(h.reading.eventTime, atTime);
        q.count++;
        timers.registerEventTimeTimer(h.reading.eventTime);
        long wake = h.deadline + downtime;
        // deadlines follow arrival order; only a shortened max-wait puts one before the armed timer
        if (q.timer == HeldQueue.NO_TIMER || wake < q.timer) {
            if (q.timer != HeldQueue.NO_TIMER) {
                timers.deleteProcessingTimeTimer(q.timer);
            }
            q.timer = wake;
            timers.registerProcessingTimeTimer(wake);
        }
    }

    /**
     * Moves the readings of a savepoint that holds them in the list-shaped state (one list per device) into
     * the arrival order. Their deadlines were taken on a clock without downtime, which is the clock of a
     * run restored from it.
     */
    private void adoptLegacyHeld(TimerService timers) throws Exception {
        Iterable<HeldReading> legacy = legacyHeld.get();
        if (legacy == null || !legacy.iterator().hasNext()) {
            return;
        }
        HeldQueue q = queue.value();
        if (q == null) {
            q = new HeldQueue();
        }
        for (HeldReading h : legacy) {
            hold(q, h, timers);
        }
        queue.update(q);
        legacyHeld.clear();
    }

    @Override
    public void processElement2(ConsentRecord record, Context ctx, Collector<Reading> out) throws Exception {
        ConsentHistory h = history.value();
        if (h == null) {
            h = new ConsentHistory();
        }
        h.apply(record.lastUpdateDate, record.shareWithResearchAsOfDate == null
                ? ConsentHistory.NEVER : record.shareWithResearchAsOfDate);
        history.update(h);
        long watermark = ctx.timerService().currentWatermark();
        forgetHistory(watermark);
        long forgettable = record.lastUpdateDate + rules.historyRetentionMillis;
        if (forgettable > watermark) {
            // from then on this record can be trimmed away; without a timer a quiet device would keep it forever
            ctx.timerService().registerEventTimeTimer(forgettable);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        TimerService timers = ctx.timerService();
        adoptLegacyHeld(timers);
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            long watermark = timers.currentWatermark();
            boolean stillHeld = releaseMeasuredAt(timestamp, timers, out);
            // readings measured after this timer but before the watermark have timers still to fire in this
            // advance, and need the history as of their own time: trim only up to here while any is held
            forgetHistory(stillHeld ? timestamp : watermark);
        } else {
            releaseWaited(timestamp, timers, out);
        }
    }

    /**
     * The watermark has passed t: decides the readings measured at t (earlier ones had their own timers).
     *
     * @return whether the device still holds readings
     */
    private boolean releaseMeasuredAt(long t, TimerService timers, Collector<Reading> out) throws Exception {
        List<Long> arrivals = heldTimes.get(t);
        if (arrivals == null) {
            // a history-trimming timer, or readings the wait already decided
            HeldQueue q = queue.value();
            return q != null && q.count > 0;
        }
        ConsentHistory h = history.value();
        HeldQueue q = queue.value();
        for (Long arrival : arrivals) {
            HeldReading r = held.get(arrival);
            if (r != null) {
                decide(r.reading, h, false, out);
                held.remove(arrival);
                q.count--;
            }
        }
        heldTimes.remove(t);
        settle(q, timers, HeldQueue.NO_TIMER);
        return q.count > 0;
    }

    /** A wait timer: decides, from the head of the arrival order, every reading whose wait is over. */
    private void releaseWaited(long firedAt, TimerService timers, Collector<Reading> out) throws Exception {
        HeldQueue q = queue.value();
        if (q == null) {
            return;
        }
        long now = firedAt - downtime;
        ConsentHistory h = null;
        boolean historyRead = false;
        while (q.head < q.next) {
            HeldReading r = held.get(q.head);
            if (r != null) {
                if (r.deadline > now) {
                    break;
                }
                if (!historyRead) {
                    h = history.value();
                    historyRead = true;
                }
                decide(r.reading, h, true, out);
                held.remove(q.head);
                forgetArrival(r.reading.eventTime, q.head, h, timers);
                q.count--;
            }
            q.head++;
        }
        settle(q, timers, firedAt);
    }

    /** Removes one arrival from its event time; the last one there takes the watermark timer with it. */
    private void forgetArrival(long eventTime, long arrival, ConsentHistory h, TimerService timers) throws Exception {
        List<Long> arrivals = heldTimes.get(eventTime);
        if (arrivals == null) {
            return;
        }
        arrivals.remove((Long) arrival);
        if (!arrivals.isEmpty()) {
            heldTimes.put(eventTime, arrivals);
            return;
        }
        heldTimes.remove(eventTime);
        if (!trimsHistoryAt(eventTime, h)) {
            // event-time timers are shared with the history's trimming timers: keep those
            timers.deleteEventTimeTimer(eventTime);
        }
    }

    private boolean trimsHistoryAt(long t, ConsentHistory h) {
        if (h != null) {
            for (long u : h.updatedAt) {
                if (u + rules.historyRetentionMillis == t) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Stores the queue, or clears it with its wait timer; arms the wait timer for the head when that changed. */
    private void settle(HeldQueue q, TimerService timers, long firedAt) throws Exception {
        if (q.count == 0) {
            if (q.timer != HeldQueue.NO_TIMER && q.timer != firedAt) {
                timers.deleteProcessingTimeTimer(q.timer);
            }
            queue.clear();
            return;
        }
        if (firedAt != HeldQueue.NO_TIMER) {
            HeldReading head = held.get(q.head);
            long wake = head.deadline + downtime;
            if (wake != q.timer) {
                if (q.timer != HeldQueue.NO_TIMER && q.timer != firedAt) {
                    timers.deleteProcessingTimeTimer(q.timer);
                }
                timers.registerProcessingTimeTimer(wake);
                q.timer = wake;
            }
        }
        queue.update(q);
    }

    private void decide(Reading reading, ConsentHistory h, boolean afterWait, Collector<Reading> out) {
        ConsentVerdict verdict = h == null ? ConsentVerdict.NO_RECORD : h.verdictAt(reading.eventTime);
        switch (verdict) {
            case GRANTED:
                out.collect(reading);
                break;
            case REVOKED:
                denied.get(ConsentDenial.REVOKED).inc();
                break;
            case NO_RECORD:
                // after the wait, silence may just mean the record is late; on the watermark it means there is none
                denied.get(afterWait ? ConsentDenial.UNKNOWN_AFTER_WAIT : ConsentDenial.NO_CONSENT).inc();
                break;
            default:
                denied.get(ConsentDenial.NO_CONSENT).inc();
        }
    }

    /** Trims the history to what readings at or after (watermark - retention) need; clears it when nothing is left. */
    private void forgetHistory(long watermark) throws Exception {
        ConsentHistory h = history.value();
        if (h == null || watermark < Long.MIN_VALUE + rules.historyRetentionMillis) {
            return; // no history, or no watermark yet
        }
        int before = h.records();
        h.forgetBefore(watermark - rules.historyRetentionMillis);
        if (h.records() == 0) {
            history.clear();
        } else if (h.records() != before) {
            history.update(h);
        }
    }
}
