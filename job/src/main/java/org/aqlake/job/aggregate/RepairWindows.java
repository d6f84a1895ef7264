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
 * <p>Keyed by location ({@link #READING_KEY}, {@link #ROW_KEY}), so that one key sees every place of a location
 * name together with the rows written before places, which have no city and no country ({@link LegacyRows}):
 * a place's windows are computed by {@link LocationKey} as the stream's, and a legacy row of an hour whose
 * readings now all belong to places is withdrawn, so that no reading counts twice. In BATCH mode the inputs
 * come sorted by key and the state holds one location at a time; its timer fires at the end of the key.
 */
public final class RepairWindows extends KeyedCoProcessFunction<String, Reading, Aggregate, Aggregate> {

    private static final long serialVersionUID = 1L;

    public static final KeySelector<Reading, String> READING_KEY = r -> LocationKey.of(r.location, null, null);
    public static final KeySelector<Aggregate, String> ROW_KEY = a -> LocationKey.of(a.location, null, null);

    private final AggregationRules rules;
    private final RepairRange range;
    /** Place and window start ({@link #slot}) to the window. */
    private transient MapState<String, LocationWindow> windows;
    /** Place, window start and row key ({@link #slot}) to the row with the highest revision. */
    private transient MapState<String, Aggregate> latest;

    public RepairWindows(AggregationRules rules, RepairRange range) {
        this.rules = rules;
        this.range = range;
    }

    @Override
    public void open(Configuration parameters) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("repair-place-windows", Types.STRING, TypeInformation.of(LocationWindow.class)));
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
        String slot = slot(LocationKey.of(r.location, r.city, r.country), start, "");
        LocationWindow w = windows.get(slot);
        if (w == null) {
            w = r.location == null ? LocationWindow.of(start, null) : LocationWindow.of(start, r.location, r.city, r.country);
        }
        w.add(GroupAccumulator.of(r));
        if (r.location != null) {
            w.locate(r.latitude, r.longitude, r.eventTime);
        }
        windows.put(slot, w);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void processElement2(Aggregate a, Context ctx, Collector<Aggregate> out) throws Exception {
        if (!range.contains(a.windowStart)) {
            return;
        }
        String key = slot(LocationKey.of(a.location, a.city, a.country), a.windowStart, RepairDiff.rowKey(a));
        Aggregate known = latest.get(key);
        if (known == null || a.revision > known.revision) {
            latest.put(key, a);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Aggregate> out) throws Exception {
        Map<String, TreeMap<Long, LocationWindow>> places = new HashMap<>();
        for (LocationWindow w : windows.values()) {
            places.computeIfAbsent(LocationKey.of(w.location, w.city, w.country), k -> new TreeMap<>())
                    .put(w.windowStart, w);
        }
        Map<String, Map<Long, Map<String, Aggregate>>> latestByPlace = new HashMap<>();
        for (Aggregate a : latest.values()) {
            latestByPlace.computeIfAbsent(LocationKey.of(a.location, a.city, a.country), k -> new HashMap<>())
                    .computeIfAbsent(a.windowStart, k -> new HashMap<>()).put(RepairDiff.rowKey(a), a);
        }
        for (Map.Entry<String, TreeMap<Long, LocationWindow>> place : places.entrySet()) {
            Map<Long, Map<String, Aggregate>> latestByWindow = latestByPlace.getOrDefault(place.getKey(), Map.of());
            for (LocationWindow w : place.getValue().subMap(range.from, range.to).values()) {
                Map<String, Aggregate> known = latestByWindow.getOrDefault(w.windowStart, Map.of());
                int revision = known.values().stream().mapToInt(a -> a.revision + 1).max().orElse(0);
                List<Aggregate> rows = AggregateRows.of(w, place.getValue(), rules, revision);
                if (RepairDiff.unchanged(rows, known)) {
                    continue;
                }
                rows.forEach(out::collect);
            }
        }
        LegacyRows.withdrawn(places, latestByPlace, range).forEach(out::collect);
        windows.clear();
        latest.clear();
    }

    /** A state key that no two (place, window, row) share: the place key's length delimits it. */
    private static String slot(String place, long windowStart, String rowKey) {
        return place.length() + ":" + place + "|" + windowStart + "|" + rowKey;
    }
}
