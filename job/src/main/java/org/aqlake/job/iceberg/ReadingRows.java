package org.aqlake.job.iceberg;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import org.aqlake.job.model.Reading;

/**
 * A reading as a row of the Iceberg readings table: the columns, names and order of the Parquet readings
 * table ({@code sink/ReadingWriteSupport}), with the times as {@code timestamptz}.
 */
public final class ReadingRows implements MapFunction<Reading, RowData> {

    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "event_time", Types.TimestampType.withZone()),
            Types.NestedField.required(2, "parameter", Types.StringType.get()),
            Types.NestedField.required(3, "value", Types.DoubleType.get()),
            Types.NestedField.required(4, "unit", Types.StringType.get()),
            Types.NestedField.optional(5, "location", Types.StringType.get()),
            Types.NestedField.optional(6, "city", Types.StringType.get()),
            Types.NestedField.optional(7, "country", Types.StringType.get()),
            Types.NestedField.optional(8, "latitude", Types.DoubleType.get()),
            Types.NestedField.optional(9, "longitude", Types.DoubleType.get()),
            Types.NestedField.optional(10, "averaging_period_value", Types.DoubleType.get()),
            Types.NestedField.optional(11, "averaging_period_unit", Types.StringType.get()),
            Types.NestedField.optional(12, "source_name", Types.StringType.get()),
            Types.NestedField.optional(13, "source_type", Types.StringType.get()),
            Types.NestedField.optional(14, "mobile", Types.BooleanType.get()),
            Types.NestedField.optional(15, "device_id", Types.StringType.get()),
            Types.NestedField.required(16, "arrival_time", Types.TimestampType.withZone()),
            Types.NestedField.required(17, "shard_id", Types.StringType.get()),
            Types.NestedField.required(18, "sequence_number", Types.StringType.get()));

    @Override
    public RowData map(Reading r) {
        return GenericRowData.of(
                TimestampData.fromEpochMillis(r.eventTime),
                text(r.parameter),
                r.value,
                text(r.unit),
                text(r.location),
                text(r.city),
                text(r.country),
                r.latitude,
                r.longitude,
                r.averagingPeriodValue,
                text(r.averagingPeriodUnit),
                text(r.sourceName),
                text(r.sourceType),
                r.mobile,
                text(r.deviceId),
                TimestampData.fromEpochMillis(r.arrivalTime),
                text(r.shardId),
                text(r.sequenceNumber));
    }

    private static StringData text(String s) {
        return s == null ? null : StringData.fromString(s);
    }
}
