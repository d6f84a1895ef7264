package org.aqlake.job.aggregate;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.GroupAccumulator;
import org.aqlake.job.model.LocationWindow;
import org.aqlake.udfs.aqi.HourlyAqi;
import org.aqlake.udfs.aqi.SubIndex;
import org.aqlake.udfs.aqi.WhoCheck;
import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.ReferenceUnits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Turns one location's window into its rows: statistics per parameter and unit, and, for hourly
 * windows of a known location, each pollutant's AQI and WHO check from the hourly means of the
 * hours before it, plus the location's AQI and dominant pollutant. A pure function of the state, so
 * recomputing a window after a correction of an earlier hour gives exactly what a reader would
 * compute from the latest revisions.
 */
final class AggregateRows {

    private static final Comparator<GroupAccumulator> ROW_ORDER =
            Comparator.comparing((GroupAccumulator g) -> g.parameter).thenComparing(g -> g.unit);

    private AggregateRows() {}

    /**
     * The rows of a window.
     *
     * @param windows every window of the location still in state, by start
     */
    static List<Aggregate> of(LocationWindow w, NavigableMap<Long, LocationWindow> windows, AggregationRules rules,
            int revision) {
        GroupAccumulator[] groups = w.groups.clone();
        Arrays.sort(groups, ROW_ORDER);
        boolean withAqi = rules.hourly() && w.location != null;
        Map<Pollutant, SubIndex> subIndices = new HashMap<>();
        Map<Pollutant, WhoCheck> whoChecks = new HashMap<>();
        if (withAqi) {
            Set<Pollutant> present = EnumSet.noneOf(Pollutant.class);
            for (GroupAccumulator g : groups) {
                present.add(Pollutant.fromName(g.parameter));
            }
            Map<Pollutant, double[]> series = hourlySeries(present, w.windowStart, windows);
            Set<Pollutant> seen = EnumSet.noneOf(Pollutant.class);
            for (GroupAccumulator g : groups) {
                Pollutant p = Pollutant.fromName(g.parameter);
                if (seen.add(p)) {
                    double[] hourly = series.get(p);
                    putIfNotNull(subIndices, p, HourlyAqi.of(p, hourly));
                    putIfNotNull(whoChecks, p, WhoCheck.of(p, hourly));
                }
            }
        }
        SubIndex dominant = HourlyAqi.dominant(subIndices.values());

        List<Aggregate> rows = new ArrayList<>(groups.length);
        for (GroupAccumulator g : groups) {
            Pollutant p = Pollutant.fromName(g.parameter);
            Aggregate a = statistics(w, g, p, rules);
            a.revision = revision;
            SubIndex s = subIndices.get(p);
            if (s != null) {
                a.aqiAveraging = s.averaging().label();
                a.aqiConcentration = s.concentration();
                a.aqi = s.aqi();
                a.aqiCategory = s.category().label();
            }
            if (dominant != null) {
                a.locationAqi = dominant.aqi();
                a.dominantPollutant = dominant.pollutant().id();
            }
            WhoCheck c = whoChecks.get(p);
            if (c != null) {
                a.whoAveraging = c.guideline().averaging().label();
                a.whoMean = c.mean();
                a.whoGuideline = c.guideline().level();
                a.whoExceeds = c.exceeds();
            }
            rows.add(a);
        }
        return rows;
    }

    private static Aggregate statistics(LocationWindow w, GroupAccumulator g, Pollutant p, AggregationRules rules) {
        Aggregate a = new Aggregate();
        a.windowStart = w.windowStart;
        a.windowEnd = w.windowStart + rules.windowMillis;
        a.location = w.location;
        a.city = w.city;
        a.country = w.country;
        a.latitude = w.latitude;
        a.longitude = w.longitude;
        a.parameter = g.parameter;
        a.unit = g.unit;
        a.count = g.count;
        a.min = g.min;
        a.max = g.max;
        a.mean = g.mean();
        a.firstTime = g.firstTime;
        a.lastTime = g.lastTime;
        a.arrivalsUntil = g.arrivalsUntil == 0 ? null : g.arrivalsUntil;
        a.sealedAt = rules.closeAt(w.windowStart);
        a.referenceUnit = ReferenceUnits.of(p).label();
        double reference = ReferenceUnits.toReference(a.mean, ConcentrationUnit.fromLabel(g.unit), p);
        a.meanReference = Double.isNaN(reference) ? null : reference;
        return a;
    }

    /**
     * Each pollutant's hourly means in its reference unit, newest first: {@code [0]} is the window's own
     * hour. All units a location reported a pollutant in count together; an hour without convertible
     * readings is NaN. Each hour's means are computed once per window state ({@link
     * LocationWindow#referenceMeans}), not once per pollutant and later hour: that made this the
     * aggregation's largest cost in the benchmark's profile. Sums are added in the same order as before,
     * so the means are bit for bit what they were.
     */
    static Map<Pollutant, double[]> hourlySeries(Set<Pollutant> pollutants, long windowStart,
            NavigableMap<Long, LocationWindow> windows) {
        Map<Pollutant, double[]> series = new EnumMap<>(Pollutant.class);
        for (Pollutant p : pollutants) {
            double[] hourly = new double[AggregationRules.HISTORY_HOURS];
            Arrays.fill(hourly, Double.NaN);
            series.put(p, hourly);
        }
        for (int i = 0; i < AggregationRules.HISTORY_HOURS; i++) {
            LocationWindow hour = windows.get(windowStart - i * AggregationRules.HOUR_MILLIS);
            if (hour == null) {
                continue;
            }
            double[] means = hour.referenceMeans();
            for (Map.Entry<Pollutant, double[]> e : series.entrySet()) {
                e.getValue()[i] = means[e.getKey().ordinal()];
            }
        }
        return series;
    }

    /**
     * A 64-bit digest of the rows' contents, revision aside: the operator keeps it instead of the
     * rows to tell whether a recomputation changes anything worth a correction.
     */
    static long digest(List<Aggregate> rows) {
        long h = 0xcbf29ce484222325L;
        for (Aggregate a : rows) {
            h = mix(h, a.windowStart);
            h = mix(h, a.count);
            h = mix(h, Double.doubleToLongBits(a.min));
            h = mix(h, Double.doubleToLongBits(a.max));
            h = mix(h, Double.doubleToLongBits(a.mean));
            h = mix(h, a.firstTime);
            h = mix(h, a.lastTime);
            h = mix(h, String.valueOf(a.parameter).hashCode());
            h = mix(h, String.valueOf(a.unit).hashCode());
            if (a.latitude != null || a.longitude != null) {
                // only when known: a window without coordinates (one restored from a savepoint taken before
                // they existed) keeps the digest it had, and gets no new revision for nothing
                h = mix(h, a.latitude == null ? -1 : Double.doubleToLongBits(a.latitude));
                h = mix(h, a.longitude == null ? -1 : Double.doubleToLongBits(a.longitude));
            }
            h = mix(h, a.aqi == null ? -1 : a.aqi);
            h = mix(h, a.aqiConcentration == null ? -1 : Double.doubleToLongBits(a.aqiConcentration));
            h = mix(h, String.valueOf(a.aqiAveraging).hashCode());
            h = mix(h, a.locationAqi == null ? -1 : a.locationAqi);
            h = mix(h, String.valueOf(a.dominantPollutant).hashCode());
            h = mix(h, a.whoMean == null ? -1 : Double.doubleToLongBits(a.whoMean));
        }
        return h;
    }

    private static long mix(long h, long v) {
        // FNV-1a over the 8 bytes of v, folded into one multiply per value
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    private static <K, V> void putIfNotNull(Map<K, V> map, K key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
