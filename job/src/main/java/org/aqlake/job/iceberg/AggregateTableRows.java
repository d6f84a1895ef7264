package org.aqlake.job.iceberg;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import org.aqlake.job.aggregate.LocationKey;
import org.aqlake.job.model.Aggregate;

import java.util.List;
import java.util.Set;

/**
 * An aggregate revision as a row of the Iceberg aggregates table: the columns, names and order of the
 * Parquet aggregates table ({@code sink/AggregateWriteSupport}), with the times as {@code timestamptz},
 * and one more, {@code place_key}: the aggregation's key of the place ({@code aggregate/LocationKey}), never
 * null where location, city and country may be. With the parameter, unit and window start it identifies a
 * row (the table's identifier fields), so that a correction replaces the row of its key.
 */
public final class AggregateTableRows implements MapFunction<Aggregate, RowData> {

    private static final long serialVersionUID = 1L;
    private static final Type TIME = Types.TimestampType.withZone();
    private static final Type TEXT = Types.StringType.get();
    private static final Type DOUBLE = Types.DoubleType.get();
    private static final Type INT = Types.IntegerType.get();

    public static final Schema SCHEMA = new Schema(List.of(
            Types.NestedField.required(1, "window_start", TIME),
            Types.NestedField.required(2, "window_end", TIME),
            Types.NestedField.optional(3, "location", TEXT),
            Types.NestedField.optional(4, "city", TEXT),
            Types.NestedField.optional(5, "country", TEXT),
            Types.NestedField.optional(6, "latitude", DOUBLE),
            Types.NestedField.optional(7, "longitude", DOUBLE),
            Types.NestedField.required(8, "parameter", TEXT),
            Types.NestedField.required(9, "unit", TEXT),
            Types.NestedField.required(10, "count", Types.LongType.get()),
            Types.NestedField.required(11, "min", DOUBLE),
            Types.NestedField.required(12, "max", DOUBLE),
            Types.NestedField.required(13, "mean", DOUBLE),
            Types.NestedField.required(14, "first_time", TIME),
            Types.NestedField.required(15, "last_time", TIME),
            Types.NestedField.required(16, "reference_unit", TEXT),
            Types.NestedField.optional(17, "mean_reference", DOUBLE),
            Types.NestedField.optional(18, "aqi_averaging", TEXT),
            Types.NestedField.optional(19, "aqi_concentration", DOUBLE),
            Types.NestedField.optional(20, "aqi", INT),
            Types.NestedField.optional(21, "aqi_category", TEXT),
            Types.NestedField.optional(22, "location_aqi", INT),
            Types.NestedField.optional(23, "dominant_pollutant", TEXT),
            Types.NestedField.optional(24, "who_averaging", TEXT),
            Types.NestedField.optional(25, "who_mean", DOUBLE),
            Types.NestedField.optional(26, "who_guideline", DOUBLE),
            Types.NestedField.optional(27, "who_exceeds", Types.BooleanType.get()),
            Types.NestedField.required(28, "revision", INT),
            Types.NestedField.optional(29, "arrivals_until", TIME),
            Types.NestedField.optional(30, "sealed_at", TIME),
            Types.NestedField.required(31, "place_key", TEXT)),
            Set.of(1, 8, 9, 31));

    /** The columns that identify a row, which the upsert replaces a row by. */
    public static final List<String> KEY = List.of("place_key", "parameter", "unit", "window_start");

    @Override
    public RowData map(Aggregate a) {
        return GenericRowData.of(
                time(a.windowStart), time(a.windowEnd),
                text(a.location), text(a.city), text(a.country), a.latitude, a.longitude,
                text(a.parameter), text(a.unit),
                a.count, a.min, a.max, a.mean,
                time(a.firstTime), time(a.lastTime),
                text(a.referenceUnit), a.meanReference,
                text(a.aqiAveraging), a.aqiConcentration, a.aqi, text(a.aqiCategory), a.locationAqi,
                text(a.dominantPollutant),
                text(a.whoAveraging), a.whoMean, a.whoGuideline, a.whoExceeds,
                a.revision,
                a.arrivalsUntil == null ? null : time(a.arrivalsUntil),
                a.sealedAt == null ? null : time(a.sealedAt),
                text(LocationKey.of(a.location, a.city, a.country)));
    }

    private static TimestampData time(long epochMillis) {
        return TimestampData.fromEpochMillis(epochMillis);
    }

    private static StringData text(String s) {
        return s == null ? null : StringData.fromString(s);
    }
}
