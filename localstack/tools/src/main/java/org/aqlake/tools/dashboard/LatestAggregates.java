package org.aqlake.tools.dashboard;

import org.apache.parquet.example.data.Group;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The latest revision of every aggregate row: the highest {@code revision} per place (location, city,
 * country), parameter, unit and window start, as the {@code aggregates_latest} views keep it, so that the
 * corrections late readings brought are what the page shows. Only the columns the page needs are kept.
 */
final class LatestAggregates {

    /** One aggregate row, the columns the page shows. */
    static final class Row {
        long windowStart;
        String location;
        String city;
        String country;
        String parameter;
        String unit;
        long count;
        String referenceUnit;
        Double meanReference;
        Integer locationAqi;
        String dominantPollutant;
        Double whoGuideline;
        Boolean whoExceeds;
        int revision;

        /** The fields themselves, not a joined string: no character inside a name can make two keys one. */
        List<Object> key() {
            return Arrays.asList(windowStart, location, city, country, parameter, unit);
        }
    }

    private final Map<List<Object>, Row> latest = new HashMap<>();

    void add(Group g) {
        Row r = new Row();
        // timestamps are INT64 milliseconds, UTC (the job's schema)
        r.windowStart = g.getLong("window_start", 0);
        r.location = string(g, "location");
        r.city = string(g, "city");
        r.country = string(g, "country");
        r.parameter = string(g, "parameter");
        r.unit = string(g, "unit");
        r.count = g.getLong("count", 0);
        r.referenceUnit = string(g, "reference_unit");
        r.meanReference = has(g, "mean_reference") ? g.getDouble("mean_reference", 0) : null;
        r.locationAqi = has(g, "location_aqi") ? g.getInteger("location_aqi", 0) : null;
        r.dominantPollutant = string(g, "dominant_pollutant");
        r.whoGuideline = has(g, "who_guideline") ? g.getDouble("who_guideline", 0) : null;
        r.whoExceeds = has(g, "who_exceeds") ? g.getBoolean("who_exceeds", 0) : null;
        r.revision = has(g, "revision") ? g.getInteger("revision", 0) : 0;
        latest.merge(r.key(), r, (known, next) -> next.revision > known.revision ? next : known);
    }

    /** The latest rows that count readings: a latest revision of count 0 withdraws its key (a repair's). */
    Collection<Row> rows() {
        return latest.values().stream().filter(r -> r.count > 0).collect(Collectors.toList());
    }

    /** A place's name on the page: the location with its city and country, the ones it has. */
    static String place(Row r) {
        return Stream.of(Objects.requireNonNullElse(r.location, "(no location)"), r.city, r.country)
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
    }

    private static boolean has(Group g, String column) {
        return g.getType().containsField(column) && g.getFieldRepetitionCount(column) > 0;
    }

    private static String string(Group g, String column) {
        return has(g, column) ? g.getString(column, 0) : null;
    }
}
