package org.aqlake.job.sink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.parquet.example.data.Group;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.Reading;

/**
 * The tables' rows read back: the inverse of {@link ReadingWriteSupport} and {@link AggregateWriteSupport},
 * column by column by name, so that a file written before a column was added still reads (the column is
 * then null, or zero for a primitive field).
 */
public final class TableRows {

    private TableRows() {}

    public static TableRowsFormat<Reading> readings() {
        return new TableRowsFormat<>(TableRows::reading, TypeInformation.of(Reading.class));
    }

    public static TableRowsFormat<Aggregate> aggregates() {
        return new TableRowsFormat<>(TableRows::aggregate, TypeInformation.of(Aggregate.class));
    }

    static Reading reading(Group g) {
        Reading r = new Reading();
        r.eventTime = longOf(g, "event_time");
        r.parameter = string(g, "parameter");
        r.value = doubleOf(g, "value");
        r.unit = string(g, "unit");
        r.location = string(g, "location");
        r.city = string(g, "city");
        r.country = string(g, "country");
        r.latitude = boxedDouble(g, "latitude");
        r.longitude = boxedDouble(g, "longitude");
        r.averagingPeriodValue = boxedDouble(g, "averaging_period_value");
        r.averagingPeriodUnit = string(g, "averaging_period_unit");
        r.sourceName = string(g, "source_name");
        r.sourceType = string(g, "source_type");
        r.mobile = has(g, "mobile") ? g.getBoolean("mobile", 0) : null;
        r.deviceId = string(g, "device_id");
        r.arrivalTime = longOf(g, "arrival_time");
        r.shardId = string(g, "shard_id");
        r.sequenceNumber = string(g, "sequence_number");
        return r;
    }

    static Aggregate aggregate(Group g) {
        Aggregate a = new Aggregate();
        a.windowStart = longOf(g, "window_start");
        a.windowEnd = longOf(g, "window_end");
        a.location = string(g, "location");
        a.city = string(g, "city");
        a.country = string(g, "country");
        a.latitude = boxedDouble(g, "latitude");
        a.longitude = boxedDouble(g, "longitude");
        a.parameter = string(g, "parameter");
        a.unit = string(g, "unit");
        a.count = longOf(g, "count");
        a.min = doubleOf(g, "min");
        a.max = doubleOf(g, "max");
        a.mean = doubleOf(g, "mean");
        a.firstTime = longOf(g, "first_time");
        a.lastTime = longOf(g, "last_time");
        a.referenceUnit = string(g, "reference_unit");
        a.meanReference = boxedDouble(g, "mean_reference");
        a.aqiAveraging = string(g, "aqi_averaging");
        a.aqiConcentration = boxedDouble(g, "aqi_concentration");
        a.aqi = has(g, "aqi") ? g.getInteger("aqi", 0) : null;
        a.aqiCategory = string(g, "aqi_category");
        a.locationAqi = has(g, "location_aqi") ? g.getInteger("location_aqi", 0) : null;
        a.dominantPollutant = string(g, "dominant_pollutant");
        a.whoAveraging = string(g, "who_averaging");
        a.whoMean = boxedDouble(g, "who_mean");
        a.whoGuideline = boxedDouble(g, "who_guideline");
        a.whoExceeds = has(g, "who_exceeds") ? g.getBoolean("who_exceeds", 0) : null;
        a.revision = has(g, "revision") ? g.getInteger("revision", 0) : 0;
        a.arrivalsUntil = has(g, "arrivals_until") ? g.getLong("arrivals_until", 0) : null;
        a.sealedAt = has(g, "sealed_at") ? g.getLong("sealed_at", 0) : null;
        return a;
    }

    private static boolean has(Group g, String column) {
        return g.getType().containsField(column) && g.getFieldRepetitionCount(column) > 0;
    }

    private static String string(Group g, String column) {
        return has(g, column) ? g.getString(column, 0) : null;
    }

    private static long longOf(Group g, String column) {
        return has(g, column) ? g.getLong(column, 0) : 0L;
    }

    private static double doubleOf(Group g, String column) {
        return has(g, column) ? g.getDouble(column, 0) : 0.0;
    }

    private static Double boxedDouble(Group g, String column) {
        return has(g, column) ? g.getDouble(column, 0) : null;
    }
}
