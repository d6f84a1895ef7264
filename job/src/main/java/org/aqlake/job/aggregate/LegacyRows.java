package org.aqlake.job.aggregate;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.GroupAccumulator;
import org.aqlake.job.model.LocationWindow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The repair's withdrawal of rows written before places. Such a row names a location without city and
 * country; it counted readings that, read again from the readings table, belong to places with a city. Once
 * the repair writes an hour's place rows, the legacy rows of that hour would count the same readings a
 * second time; so each of them gets a withdrawal: a row of the same key one revision up with {@code count}
 * 0, no statistics and no AQI, which as the latest revision says the key has nothing in that hour. The
 * readings table must hold what the legacy rows counted: a legacy row is withdrawn only when the hour's place
 * windows count at least as many readings of its parameter and unit, so that readings the table lacks (a
 * lake restored from another's savepoint, an expired readings partition) are not lost. An hour with readings
 * still without city and country keeps its legacy rows (they are recomputed as any place's).
 */
final class LegacyRows {

    private LegacyRows() {}

    /**
     * @param places the location's windows, by place key ({@link LocationKey}) and window start
     * @param latest the location's latest rows, by place key, window start and row key ({@link RepairDiff#rowKey})
     */
    static List<Aggregate> withdrawn(Map<String, TreeMap<Long, LocationWindow>> places,
            Map<String, Map<Long, Map<String, Aggregate>>> latest, RepairRange range) {
        List<Aggregate> out = new ArrayList<>();
        for (Map.Entry<String, Map<Long, Map<String, Aggregate>>> place : latest.entrySet()) {
            for (Map.Entry<Long, Map<String, Aggregate>> window : place.getValue().entrySet()) {
                Aggregate any = window.getValue().values().iterator().next();
                if (!isLegacy(any) || !range.contains(window.getKey())
                        || !placesHaveTheHour(places, place.getKey(), window.getKey())
                        || !placesCountAll(places, window.getKey(), window.getValue().values())) {
                    continue;
                }
                int revision = window.getValue().values().stream().mapToInt(a -> a.revision + 1).max().orElse(0);
                for (Aggregate a : window.getValue().values()) {
                    if (a.count > 0) {
                        out.add(withdrawal(a, revision));
                    }
                }
            }
        }
        return out;
    }

    static boolean isLegacy(Aggregate a) {
        return a.location != null && a.city == null && a.country == null;
    }

    /** Whether the hour's readings all belong to places other than the legacy key, and there are some. */
    private static boolean placesHaveTheHour(Map<String, TreeMap<Long, LocationWindow>> places, String legacyKey,
            long windowStart) {
        TreeMap<Long, LocationWindow> own = places.get(legacyKey);
        if (own != null && own.containsKey(windowStart)) {
            return false;
        }
        return places.entrySet().stream()
                .anyMatch(p -> !p.getKey().equals(legacyKey) && p.getValue().containsKey(windowStart));
    }

    /** Whether the hour's place windows count at least the readings of each legacy row's parameter and unit. */
    private static boolean placesCountAll(Map<String, TreeMap<Long, LocationWindow>> places, long windowStart,
            Collection<Aggregate> legacy) {
        Map<String, Long> counted = new HashMap<>();
        for (TreeMap<Long, LocationWindow> place : places.values()) {
            LocationWindow w = place.get(windowStart);
            if (w != null) {
                for (GroupAccumulator g : w.groups) {
                    counted.merge(g.parameter + "|" + g.unit, g.count, Long::sum);
                }
            }
        }
        return legacy.stream().allMatch(a -> counted.getOrDefault(RepairDiff.rowKey(a), 0L) >= a.count);
    }

    private static Aggregate withdrawal(Aggregate legacy, int revision) {
        Aggregate a = new Aggregate();
        a.windowStart = legacy.windowStart;
        a.windowEnd = legacy.windowEnd;
        a.location = legacy.location;
        a.parameter = legacy.parameter;
        a.unit = legacy.unit;
        a.count = 0;
        a.min = Double.NaN;
        a.max = Double.NaN;
        a.mean = Double.NaN;
        a.firstTime = legacy.windowStart;
        a.lastTime = legacy.windowStart;
        a.referenceUnit = legacy.referenceUnit;
        a.sealedAt = legacy.sealedAt;
        a.revision = revision;
        return a;
    }
}
