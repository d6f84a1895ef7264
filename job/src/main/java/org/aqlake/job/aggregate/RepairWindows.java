package org.aqlake.job.aggregate;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.GroupAccumulator;
import org.aqlake.job.model.LocationWindow;
import org.aqlake.job.model.Reading;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The repair of one place's closed windows, in a bounded (BATCH) run: its readings (first input) fold
 * into windows exactly as the stream folds them ({@link LocationWindow}, {@link GroupAccumulator}), its
 * existing aggregates rows (second input) give each window's latest rows, and at the end of the location
 * each window of the {@link RepairRange} gets its rows from {@link AggregateRows}, the stream's own, with
 * the hours before it for the AQI. A window whose rows differ from its latest ones ({@link RepairDiff}) is
 * written again, all its rows, with the revision one above its highest; an unchanged one writes nothing,
 * so a second repair of the same lake writes nothing. Each written row carries {@code arrivalsUntil}, as
 * the stream's do: the latest arrival among the readings of its parameter and unit.
 *
 * <p>Keyed by {@link #READING_KEY} and {@link #ROW_KEY}, which key like {@link LocationKey}. In BATCH mode
 * the inputs come sorted by key and the state holds one location at a time; its timer fires at the end
 * of the key.
 */
public final class RepairWindows extends KeyedCoProcessFunction<String, Reading, Aggregate, Aggregate> {

    private static final long serialVersionUID = 1L;

    public static final KeySelector<Reading, String> READING_KEY = r -> LocationKey.of(r.location, r.city, r.country);
    public static final KeySelector<Aggregate, String> ROW_KEY = a -> LocationKey.of(a.location, a.city, a.country);

    private final AggregationRules rules;
    private final RepairRange range;
    private transient MapState<Long, LocationWindow> windows;
    /** Window start and row key to the row with the highest revision. */
    private transient MapState<String, Aggregate> latest;

    public RepairWindows(AggregationRules rules, RepairRange range) {
        this.rules = rules;
        this.range = range;
    }

    @Override
    public void open(Configuration parameters) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("repair-windows", Types.LONG, TypeInformation.of(LocationWindow.class)));
        latest = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("repair-latest", Types.STRING, TypeInformation.of(Aggregate.class)));
    }

    /** Readings outside the range and the hours before it are the source's to leave out; here they are ignored. */
    @Override
    public void processElement1(Reading r, Context ctx, Collector<Aggregate> out) throws Exception {
        long start = rules.windowStart(r.eventTime);
        if (r.eventTime < range.readingsFrom(rules) || start >= range.to) {
            return;
        }
        LocationWindow w = windows.get(start);
        if (w == null) {
            w = r.location == null ? LocationWindow.of(start, null) : LocationWindow.of(start, r.location, r.city, r.country);
        }
        w.add(GroupAccumulator.of(r));
        if (r.location != null) {
            w.locate(r.latitude, r.longitude, r.eventTime);
        }
        windows.put(start, w);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void processElement2(Aggregate a, Context ctx, Collector<Aggregate> out) throws Exception {
        if (!range.contains(a.windowStart)) {
            return;
        }
        String key = a.windowStart + "|" + RepairDiff.rowKey(a);
        Aggregate known = latest.get(key);
        if (known == null || a.revision > known.revision) {
            latest.put(key, a);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Aggregate> out) throws Exception {
        TreeMap<Long, LocationWindow> all = new TreeMap<>();
        for (LocationWindow w : windows.values()) {
            all.put(w.windowStart, w);
        }
        Map<Long, Map<String, Aggregate>> latestByWindow = new HashMap<>();
        for (Aggregate a : latest.values()) {
            latestByWindow.computeIfAbsent(a.windowStart, k -> new HashMap<>()).put(RepairDiff.rowKey(a), a);
        }
        for (LocationWindow w : all.subMap(range.from, range.to).values()) {
            Map<String, Aggregate> known = latestByWindow.getOrDefault(w.windowStart, Map.of());
            int revision = known.values().stream().mapToInt(a -> a.revision + 1).max().orElse(0);
            List<Aggregate> rows = AggregateRows.of(w, all, rules, revision);
            if (RepairDiff.unchanged(rows, known)) {
                continue;
            }
            rows.forEach(out::collect);
        }
        windows.clear();
        latest.clear();
    }
}
