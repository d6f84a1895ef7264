package org.aqlake.job.aggregate;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.GroupAccumulator;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.LocationWindow;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.metrics.MetricNames;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Aggregates one location's readings into event-time windows and writes each window's rows once the
 * watermark passes its end (plus the allowed lateness), then corrects them instead of dropping late
 * readings. Keyed by {@link LocationKey}; see {@link AggregationRules} for the timeline. The readings
 * come summed up in partials ({@link PreAggregateReadings}); the metrics count readings, not partials.
 *
 * <ul>
 *   <li><b>Revision 0</b>: when the watermark reaches {@code end - 1 + lateness}, all rows of the
 *       window (one per parameter and unit) are written.
 *   <li><b>Corrections</b>: readings of an already written window fold into its state; at the next
 *       watermark advance, every late reading that came in meanwhile is one batch, and the window's
 *       rows are written again with the revision one higher. With hourly windows, the hours after it
 *       whose AQI or WHO check changes (their NowCast, 8- or 24-hour means include it) are rewritten
 *       too, so the latest revisions always agree with each other.
 *   <li><b>Too late</b>: after {@code retention} (the rows' {@code sealedAt}), a reading only reaches the
 *       readings table, and is counted in the side output {@link #AFTER_SEAL}: one {@link LateReadings}
 *       per partial, so per location, window, parameter and unit and per batch of the pre-aggregation,
 *       without any state.
 * </ul>
 *
 * <p>Lateness is decided from what the operator has itself seen, never from the watermark alone:
 * watermarks are not checkpointed, so after a restore the current watermark is {@code Long.MIN_VALUE}
 * until the inputs speak again. A partial for a window already written is a correction whatever the
 * watermark says (the window's own revision tells), and the highest watermark the operator took a
 * decision at is kept in operator state ({@value #WATERMARK_STATE_NAME}), so that after a restore a
 * partial for a window already closed or purged is still dropped, not written as a second revision 0.
 *
 * <p>One {@code MapState} entry per window (window start to {@link LocationWindow}); a window's state
 * and timers are gone once the watermark passes its purge time. Besides, one {@code long} per subtask
 * of operator state. Metrics, in the {@code
 * kinesisanalytics} group: {@value MetricNames#LATE_READINGS}, {@value MetricNames#LATE_READINGS_DROPPED} and
 * {@value MetricNames#AGGREGATE_REVISIONS}.
 */
public final class AggregateReadings extends KeyedProcessFunction<String, PartialAggregate, Aggregate>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;


    /** The one keyed state: window start to {@link LocationWindow}. */
    public static final String STATE_NAME = "windows";
    /** Operator state, a union list: each subtask's {@link #knownWatermark} at the checkpoint. */
    public static final String WATERMARK_STATE_NAME = "decided-watermark";
    /** Readings that came after their window was sealed: the late-readings table. */
    public static final OutputTag<LateReadings> AFTER_SEAL =
            new OutputTag<>("readings-after-seal", TypeInformation.of(LateReadings.class));

    private final AggregationRules rules;
    private transient MapState<Long, LocationWindow> windows;
    private transient Counter lateReadings;
    private transient Counter droppedReadings;
    private transient Counter revisions;
    private transient ListState<Long> watermarkState;
    /**
     * The highest watermark seen in {@code processElement} or {@code onTimer} (every revision 0 and
     * every purge was decided at or below it, but those of the end of input), carried across a restore.
     * Taken as the watermark while the timer service's is lower.
     */
    private transient long knownWatermark;

    public AggregateReadings(AggregationRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(Configuration parameters) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(STATE_NAME, Types.LONG, TypeInformation.of(LocationWindow.class)));
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP);
        lateReadings = group.counter(MetricNames.LATE_READINGS);
        droppedReadings = group.counter(MetricNames.LATE_READINGS_DROPPED);
        revisions = group.counter(MetricNames.AGGREGATE_REVISIONS);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        watermarkState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>(WATERMARK_STATE_NAME, Types.LONG));
        knownWatermark = Long.MIN_VALUE;
        // a union: after rescaling each subtask gets every entry. At an aligned checkpoint every
        // subtask has the same watermark (watermarks reach every channel), and each entry is at most
        // that, so the highest is still a safe floor. Empty from a savepoint taken before this state.
        for (Long w : watermarkState.get()) {
            knownWatermark = Math.max(knownWatermark, w);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        watermarkState.update(List.of(knownWatermark));
    }

    /** The current watermark, or the one decisions were taken at before a restore if that is higher. */
    private long watermark(TimerService timers) {
        long current = timers.currentWatermark();
        // the end of input (a drain) is not kept: a job resumed from a drained savepoint would drop every reading
        if (current != Long.MAX_VALUE) {
            knownWatermark = Math.max(knownWatermark, current);
        }
        return Math.max(knownWatermark, current);
    }

    @Override
    public void processElement(PartialAggregate partial, Context ctx, Collector<Aggregate> out) throws Exception {
        TimerService timers = ctx.timerService();
        long watermark = watermark(timers);
        GroupAccumulator readings = partial.group;
        long start = rules.windowStart(readings.firstTime);
        if (watermark >= rules.closeAt(start)) {
            droppedReadings.inc(readings.count);
            ctx.output(AFTER_SEAL, afterSeal(partial, start));
            return;
        }
        LocationWindow w = windows.get(start);
        if (w == null) {
            w = LocationWindow.of(start, partial.location, partial.city, partial.country);
            // a first-rows time already passed fires at the next watermark: the window's revision 0
            timers.registerEventTimeTimer(rules.firstRowsAt(start));
            timers.registerEventTimeTimer(rules.purgeAt(start));
            w.purgeTimer = rules.purgeAt(start);
        }
        w.add(readings);
        w.locate(partial.latitude, partial.longitude, partial.locatedAt);
        // a written window is late whatever the watermark says: the watermark once passed its first rows
        if (w.written() || watermark >= rules.firstRowsAt(start)) {
            lateReadings.inc(readings.count);
            if (w.written() && !w.pending) {
                // every late reading until the watermark moves on is one batch: one correction
                w.pending = true;
                timers.registerEventTimeTimer(Math.max(watermark, rules.firstRowsAt(start)) + 1);
            }
        }
        windows.put(start, w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Aggregate> out) throws Exception {
        long watermark = watermark(ctx.timerService());
        // one read of the location's windows (on RocksDB each read deserializes them all)
        List<LocationWindow> inState = new ArrayList<>();
        boolean anyRowsDue = false;
        for (LocationWindow w : windows.values()) {
            inState.add(w);
            anyRowsDue |= rowsDue(w, watermark);
        }
        // most timers (a purge, or a second timer of the same watermark) write nothing: no sorting then
        if (anyRowsDue) {
            writeDueRows(inState, watermark, out);
        }
        for (LocationWindow w : inState) {
            long purgeAt = rules.purgeAt(w.windowStart);
            if (watermark >= purgeAt) {
                windows.remove(w.windowStart);
            } else if (w.purgeTimer != purgeAt) {
                // restored with another retention: the timer it has would fire too early, or too late
                ctx.timerService().registerEventTimeTimer(purgeAt);
                w.purgeTimer = purgeAt;
                windows.put(w.windowStart, w);
            }
        }
    }

    private LateReadings afterSeal(PartialAggregate partial, long windowStart) {
        LateReadings late = new LateReadings();
        late.windowStart = windowStart;
        late.windowEnd = windowStart + rules.windowMillis;
        late.location = partial.location;
        late.city = partial.city;
        late.country = partial.country;
        late.parameter = partial.group.parameter;
        late.unit = partial.group.unit;
        late.readings = partial.group.count;
        late.arrivalTime = partial.group.arrivalsUntil;
        return late;
    }

    /** Whether a window has first rows or a correction due. */
    private boolean rowsDue(LocationWindow w, long watermark) {
        return w.written() ? w.pending : watermark >= rules.firstRowsAt(w.windowStart);
    }

    private void writeDueRows(List<LocationWindow> inState, long watermark, Collector<Aggregate> out)
            throws Exception {
        TreeMap<Long, LocationWindow> all = new TreeMap<>();
        for (LocationWindow w : inState) {
            all.put(w.windowStart, w);
        }
        // oldest first: a window's AQI reads the hours before it, which must be up to date
        Long lastChanged = null;
        for (LocationWindow w : all.values()) {
            boolean changed = rowsDue(w, watermark);
            boolean dependsOnChange = !changed && w.written() && rules.hourly() && lastChanged != null
                    && w.windowStart - lastChanged < AggregationRules.HISTORY_HOURS * AggregationRules.HOUR_MILLIS;
            if (changed || dependsOnChange) {
                write(w, all, changed, out);
                if (changed) {
                    lastChanged = w.windowStart;
                }
            }
        }
    }

    private void write(LocationWindow w, TreeMap<Long, LocationWindow> all, boolean changed, Collector<Aggregate> out)
            throws Exception {
        List<Aggregate> rows = AggregateRows.of(w, all, rules, w.revision + 1);
        long digest = AggregateRows.digest(rows);
        if (!changed && digest == w.digest) {
            return; // a correction before it left this window's AQI as it was
        }
        rows.forEach(out::collect);
        if (w.written()) {
            revisions.inc(rows.size());
        }
        w.revision++;
        w.pending = false;
        w.digest = digest;
        windows.put(w.windowStart, w);
    }
}
