package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.support.DuckDb;
import org.aqlake.udfs.partition.PartitionTemplate;
import org.aqlake.udfs.partition.PartitionValues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes aggregate rows through the sink's writer factory and reads them back with DuckDB. */
class AggregateParquetFilesTest {

    static final Instant WINDOW = Instant.parse("2024-05-01T13:00:00Z");
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    static Aggregate full() {
        Aggregate a = new Aggregate();
        a.windowStart = WINDOW.toEpochMilli();
        a.windowEnd = a.windowStart + HOUR;
        a.location = "Marylebone Road";
        a.city = "London";
        a.country = "GB";
        a.latitude = 51.52253;
        a.longitude = -0.15461;
        a.parameter = "o3";
        a.unit = "ppm";
        a.count = 4;
        a.min = 0.061;
        a.max = 0.083;
        a.mean = 0.07225;
        a.firstTime = a.windowStart + 60_000;
        a.lastTime = a.windowStart + 3_540_000;
        a.referenceUnit = "ppb";
        a.meanReference = 72.25;
        a.aqiAveraging = "8h";
        a.aqiConcentration = 0.071;
        a.aqi = 101;
        a.aqiCategory = "Unhealthy for Sensitive Groups";
        a.locationAqi = 101;
        a.dominantPollutant = "o3";
        a.whoAveraging = "8h";
        a.whoMean = 141.8;
        a.whoGuideline = 100.0;
        a.whoExceeds = true;
        a.revision = 2;
        a.arrivalsUntil = a.windowStart + 7_200_000;
        a.sealedAt = a.windowStart + 3 * 86_400_000L + 3_599_999;
        return a;
    }

    /** Only the statistics: a row of a parameter without AQI, at a place without a name. */
    static Aggregate minimal() {
        Aggregate a = full();
        a.location = null;
        a.city = null;
        a.country = null;
        a.latitude = null;
        a.longitude = null;
        a.parameter = "bc";
        a.unit = "\u00B5g/m\u00B3";
        a.referenceUnit = "\u00B5g/m\u00B3";
        a.meanReference = null;
        a.aqiAveraging = null;
        a.aqiConcentration = null;
        a.aqi = null;
        a.aqiCategory = null;
        a.locationAqi = null;
        a.dominantPollutant = null;
        a.whoAveraging = null;
        a.whoMean = null;
        a.whoGuideline = null;
        a.whoExceeds = null;
        a.revision = 0;
        a.arrivalsUntil = null;
        a.sealedAt = null;
        return a;
    }

    Path write(Compression compression, List<Aggregate> rows) throws IOException {
        Path file = dir.resolve("part-0" + LakeParquetWriters.suffix(compression));
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        FileSystem fs = path.getFileSystem();
        try (FSDataOutputStream out = fs.create(path, WriteMode.NO_OVERWRITE)) {
            BulkWriter<Aggregate> writer = LakeParquetWriters.forCompression(compression, AggregateWriteSupport::new)
                    .create(out);
            for (Aggregate a : rows) {
                writer.addElement(a);
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void everyFieldComesBackFromDuckDbWithItsValue() throws Exception {
        Path file = write(Compression.ZSTD, List.of(full()));

        List<Map<String, Object>> rows = DuckDb.query("SELECT epoch_ms(window_start) AS window_start_ms,"
                + " epoch_ms(window_end) AS window_end_ms, epoch_ms(first_time) AS first_ms,"
                + " epoch_ms(last_time) AS last_ms, epoch_ms(arrivals_until) AS arrivals_until_ms,"
                + " epoch_ms(sealed_at) AS sealed_at_ms,"
                + " * EXCLUDE (window_start, window_end, first_time, last_time, arrivals_until, sealed_at)"
                + " FROM read_parquet(?)", file.toString());

        Aggregate a = full();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("window_start_ms", a.windowStart);
        expected.put("window_end_ms", a.windowEnd);
        expected.put("first_ms", a.firstTime);
        expected.put("last_ms", a.lastTime);
        expected.put("arrivals_until_ms", a.arrivalsUntil);
        expected.put("sealed_at_ms", a.sealedAt);
        expected.put("location", a.location);
        expected.put("city", a.city);
        expected.put("country", a.country);
        expected.put("latitude", a.latitude);
        expected.put("longitude", a.longitude);
        expected.put("parameter", a.parameter);
        expected.put("unit", a.unit);
        expected.put("count", a.count);
        expected.put("min", a.min);
        expected.put("max", a.max);
        expected.put("mean", a.mean);
        expected.put("reference_unit", a.referenceUnit);
        expected.put("mean_reference", a.meanReference);
        expected.put("aqi_averaging", a.aqiAveraging);
        expected.put("aqi_concentration", a.aqiConcentration);
        expected.put("aqi", a.aqi);
        expected.put("aqi_category", a.aqiCategory);
        expected.put("location_aqi", a.locationAqi);
        expected.put("dominant_pollutant", a.dominantPollutant);
        expected.put("who_averaging", a.whoAveraging);
        expected.put("who_mean", a.whoMean);
        expected.put("who_guideline", a.whoGuideline);
        expected.put("who_exceeds", a.whoExceeds);
        expected.put("revision", a.revision);
        assertThat(rows).containsExactly(expected);
    }

    @Test
    void absentOptionalColumnsAreNulls() throws Exception {
        Path file = write(Compression.ZSTD, List.of(minimal()));

        List<Map<String, Object>> rows = DuckDb.query("SELECT location, city, country, latitude, longitude, mean_reference, aqi_averaging,"
                + " aqi_concentration, aqi, aqi_category, location_aqi, dominant_pollutant, who_averaging, who_mean,"
                + " who_guideline, who_exceeds, arrivals_until, sealed_at FROM read_parquet(?)", file.toString());

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).allSatisfy((column, value) -> assertThat(value).as(column).isNull());
    }

    @Test
    void theSchemaListsTheColumnsInTheirDocumentedOrderWithUtcMillisecondTimestamps() throws Exception {
        Path file = write(Compression.ZSTD, List.of(full()));

        Map<String, Map<String, Object>> schema = DuckDb.query(
                        "SELECT name, type, repetition_type, logical_type FROM parquet_schema(?)", file.toString())
                .stream()
                .collect(Collectors.toMap(row -> (String) row.get("name"), row -> row, (a, b) -> a,
                        LinkedHashMap::new));

        assertThat(schema.keySet()).containsExactly("aggregate", "window_start", "window_end", "location", "city",
                "country", "latitude", "longitude", "parameter",
                "unit", "count", "min", "max", "mean", "first_time", "last_time", "reference_unit", "mean_reference",
                "aqi_averaging", "aqi_concentration", "aqi", "aqi_category", "location_aqi", "dominant_pollutant",
                "who_averaging", "who_mean", "who_guideline", "who_exceeds", "revision", "arrivals_until", "sealed_at");
        for (String timestamp : List.of("window_start", "window_end", "first_time", "last_time", "arrivals_until",
                "sealed_at")) {
            assertThat((String) schema.get(timestamp).get("logical_type")).as(timestamp)
                    .contains("isAdjustedToUTC=1", "MILLIS");
        }
        assertThat(schema.get("aqi").get("type")).isEqualTo("INT32");
        assertThat(schema.get("revision").get("repetition_type")).isEqualTo("REQUIRED");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyColumnChunkUsesTheConfiguredCodec(Compression compression) throws Exception {
        Path file = write(compression, List.of(full(), minimal()));

        assertThat(DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata(?)", file.toString()))
                .containsExactly(Map.of("compression", compression.name()));
    }

    @Test
    void aRowLandsInThePartitionOfItsWindowStart() {
        PartitionBucketAssigner<Aggregate> assigner = LakeBuckets.aggregates(
                PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE, ReadingColumns.PARTITION_KEYS));

        assertThat(assigner.getBucketId(full(), null)).isEqualTo("year=2024/month=05/day=01/hour=13");
    }

    @Test
    void theTemplatesKeyColumnsThatAggregatesHaveAreFilledAndTheOthersAreHivesNullPartition() {
        PartitionBucketAssigner<Aggregate> assigner = LakeBuckets.aggregates(PartitionTemplate.compile(
                "parameter=!{partitionKey:parameter}/location=!{partitionKey:location}/city=!{partitionKey:city}"
                        + "/dt=!{timestamp:yyyy-MM-dd}", ReadingColumns.PARTITION_KEYS));

        assertThat(assigner.getBucketId(full(), null))
                .isEqualTo("parameter=o3/location=" + PartitionValues.escape("Marylebone Road") + "/city="
                        + PartitionValues.NULL_PARTITION
                        + "/dt=2024-05-01");
    }
}
