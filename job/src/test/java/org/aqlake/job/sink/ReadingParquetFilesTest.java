package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;

import org.aqlake.job.model.Reading;
import org.aqlake.job.support.DuckDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes real Parquet files through the sink's writer factory and reads them back with DuckDB. */
class ReadingParquetFilesTest {

    /** Millisecond precision on purpose: the column is TIMESTAMP_MILLIS and must keep the millis. */
    static final Instant MEASURED = Instant.parse("2014-03-30T15:00:00.123Z");
    static final Instant ARRIVED = Instant.parse("2024-05-01T08:15:30.250Z");

    @TempDir
    Path dir;

    static Reading full() {
        Reading r = new Reading();
        r.eventTime = MEASURED.toEpochMilli();
        r.parameter = "pm25";
        r.value = 33.6;
        r.unit = "µg/m³";
        r.location = "SPARTAN - Tsinghua University";
        r.city = "Beijing";
        r.country = "CN";
        r.latitude = 40.01;
        r.longitude = 116.333;
        r.averagingPeriodValue = 1.0;
        r.averagingPeriodUnit = "hours";
        r.sourceName = "Spartan";
        r.sourceType = "research";
        r.mobile = false;
        r.deviceId = "SN-42";
        r.arrivalTime = ARRIVED.toEpochMilli();
        r.shardId = "shardId-000000000001";
        r.sequenceNumber = "49590338271490256608559692538361571095921575989136588898";
        return r;
    }

    /** Only the required columns: every optional one must come back as SQL NULL, not 0 or "". */
    static Reading minimal() {
        Reading r = new Reading();
        r.eventTime = MEASURED.plusSeconds(3600).toEpochMilli();
        r.parameter = "o3";
        r.value = -0.005;
        r.unit = "ppm";
        r.arrivalTime = ARRIVED.toEpochMilli();
        r.shardId = "shardId-000000000002";
        r.sequenceNumber = "2";
        return r;
    }

    Path write(Compression compression, List<Reading> readings) throws IOException {
        Path file = dir.resolve("part-0" + LakeParquetWriters.suffix(compression));
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        FileSystem fs = path.getFileSystem();
        // as the FileSink does: the factory gets the stream, finish() completes the file, the sink closes the stream
        try (FSDataOutputStream out = fs.create(path, WriteMode.NO_OVERWRITE)) {
            BulkWriter<Reading> writer = LakeParquetWriters.forCompression(compression, ReadingWriteSupport::new)
                    .create(out);
            for (Reading r : readings) {
                writer.addElement(r);
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void everyFieldComesBackFromDuckDbWithItsValue() throws Exception {
        Path file = write(Compression.ZSTD, List.of(full()));

        List<Map<String, Object>> rows = DuckDb.query("SELECT epoch_ms(event_time) AS event_ms,"
                + " epoch_ms(arrival_time) AS arrival_ms, * EXCLUDE (event_time, arrival_time)"
                + " FROM read_parquet(?)", file.toString());

        Reading r = full();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("event_ms", r.eventTime);
        expected.put("arrival_ms", r.arrivalTime);
        expected.put("parameter", r.parameter);
        expected.put("value", r.value);
        expected.put("unit", r.unit);
        expected.put("location", r.location);
        expected.put("city", r.city);
        expected.put("country", r.country);
        expected.put("latitude", r.latitude);
        expected.put("longitude", r.longitude);
        expected.put("averaging_period_value", r.averagingPeriodValue);
        expected.put("averaging_period_unit", r.averagingPeriodUnit);
        expected.put("source_name", r.sourceName);
        expected.put("source_type", r.sourceType);
        expected.put("mobile", r.mobile);
        expected.put("device_id", r.deviceId);
        expected.put("shard_id", r.shardId);
        expected.put("sequence_number", r.sequenceNumber);
        assertThat(rows).containsExactly(expected);
    }

    @Test
    void absentOptionalFieldsAreNulls() throws Exception {
        Path file = write(Compression.ZSTD, List.of(minimal()));

        List<Map<String, Object>> rows = select(file, "location, city, country, latitude, longitude,"
                + " averaging_period_value, averaging_period_unit, source_name, source_type, mobile, device_id");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).allSatisfy((column, value) -> assertThat(value).as(column).isNull());
    }

    @Test
    void eventTimeIsAUtcTimestampEqualToTheInputInstant() throws Exception {
        Path file = write(Compression.ZSTD, List.of(full()));

        // rendered in UTC by DuckDB itself, so the JVM's time zone plays no part
        List<Map<String, Object>> rows = DuckDb.query("SELECT typeof(event_time) AS type,"
                + " strftime(timezone('UTC', event_time), '%Y-%m-%dT%H:%M:%S.%gZ') AS utc"
                + " FROM read_parquet(?)", file.toString());

        assertThat(rows).containsExactly(Map.of("type", "TIMESTAMP WITH TIME ZONE", "utc", MEASURED.toString()));
    }

    @Test
    void rowsComeBackInTheOrderTheyWereWritten() throws Exception {
        Path file = write(Compression.SNAPPY, List.of(full(), minimal(), full()));

        List<Map<String, Object>> rows = DuckDb.query("SELECT parameter FROM read_parquet(?)", file.toString());

        assertThat(rows).extracting(row -> row.get("parameter")).containsExactly("pm25", "o3", "pm25");
    }

    @Test
    void theSchemaDeclaresUtcMillisecondTimestampsStringsAndRequiredColumns() throws Exception {
        Path file = write(Compression.ZSTD, List.of(full()));

        Map<String, Map<String, Object>> schema = DuckDb.query(
                        "SELECT name, type, repetition_type, converted_type, logical_type FROM parquet_schema(?)",
                        file.toString())
                .stream()
                .collect(Collectors.toMap(row -> (String) row.get("name"), row -> row, (a, b) -> a,
                        LinkedHashMap::new));

        assertThat(schema.keySet()).containsExactly("reading", "event_time", "parameter", "value", "unit", "location",
                "city", "country", "latitude", "longitude", "averaging_period_value", "averaging_period_unit",
                "source_name", "source_type", "mobile", "device_id", "arrival_time", "shard_id", "sequence_number");
        for (String timestamp : List.of("event_time", "arrival_time")) {
            Map<String, Object> column = schema.get(timestamp);
            assertThat(column.get("type")).as(timestamp).isEqualTo("INT64");
            assertThat(column.get("repetition_type")).as(timestamp).isEqualTo("REQUIRED");
            assertThat(column.get("converted_type")).as(timestamp).isEqualTo("TIMESTAMP_MILLIS");
            assertThat((String) column.get("logical_type")).as(timestamp)
                    .contains("TimestampType", "isAdjustedToUTC=1", "MILLIS");
        }
        assertThat(schema.get("parameter").get("converted_type")).isEqualTo("UTF8");
        assertThat(schema.get("value").get("type")).isEqualTo("DOUBLE");
        assertThat(schema.get("value").get("repetition_type")).isEqualTo("REQUIRED");
        assertThat(schema.get("mobile").get("type")).isEqualTo("BOOLEAN");
        assertThat(schema.get("mobile").get("repetition_type")).isEqualTo("OPTIONAL");
        assertThat(schema.get("device_id").get("converted_type")).isEqualTo("UTF8");
        assertThat(schema.get("device_id").get("repetition_type")).isEqualTo("OPTIONAL");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyColumnChunkUsesTheConfiguredCodec(Compression compression) throws Exception {
        Path file = write(compression, List.of(full(), minimal()));

        List<Map<String, Object>> codecs = DuckDb.query(
                "SELECT DISTINCT compression FROM parquet_metadata(?)", file.toString());

        // the enum's names are Parquet's codec names: ZSTD, SNAPPY, GZIP, UNCOMPRESSED
        assertThat(codecs).containsExactly(Map.of("compression", compression.name()));
        assertThat(DuckDb.query("SELECT count(*) AS n FROM read_parquet(?)", file.toString()))
                .containsExactly(Map.of("n", 2L));
    }

    @ParameterizedTest
    @CsvSource({"ZSTD,.zstd.parquet", "SNAPPY,.snappy.parquet", "GZIP,.gzip.parquet", "UNCOMPRESSED,.parquet"})
    void theFileSuffixShowsTheCodec(Compression compression, String suffix) {
        assertThat(LakeParquetWriters.suffix(compression)).isEqualTo(suffix);
    }

    @Test
    void theWriterTagsTheFileWithItsName() throws Exception {
        Path file = write(Compression.ZSTD, List.of(full()));

        List<Map<String, Object>> kv = DuckDb.query(
                "SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(?)", file.toString());

        assertThat(kv).contains(Map.of("k", "writer", "v", "aq-lake"));
    }

    private static List<Map<String, Object>> select(Path file, String columns) throws SQLException {
        return DuckDb.query("SELECT " + columns + " FROM read_parquet(?)", file.toString());
    }
}
