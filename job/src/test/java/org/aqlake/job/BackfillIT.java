package org.aqlake.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backfill against the stream, on the real OpenAQ samples: the same records once through Kinesis (the
 * emulator, one shard, in file order) and once through the backfill over the two files; DuckDB then finds the
 * same readings, aggregates and dead letters in both lakes, row by row, lineage apart. A second identical
 * backfill is refused and adds no row; bad files give dead letters that name the file and the line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillIT {

    static final String STREAM = "backfill-it";
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** The daily CSV lists a station's hours newest first: a day of disorder, which the watermark must allow. */
    static final String OUT_OF_ORDERNESS = "1 d";
    /** The CSV layout has no sourceType; the test's own conversion for the stream gives the same one. */
    static final String CSV_SOURCE_TYPE = "government";
    /** Rows of the first table that the second lacks, lineage columns aside (EXCEPT ALL: as many times each). */
    static final String READINGS_ONLY_IN_FIRST = "SELECT count(*) AS n FROM ("
            + "SELECT * EXCLUDE (arrival_time, shard_id, sequence_number) FROM read_parquet(?, hive_partitioning = true)"
            + " EXCEPT ALL"
            + " SELECT * EXCLUDE (arrival_time, shard_id, sequence_number) FROM read_parquet(?, hive_partitioning = true))";
    static final String AGGREGATES_ONLY_IN_FIRST = "SELECT count(*) AS n FROM ("
            + "SELECT * EXCLUDE (arrivals_until) FROM read_parquet(?, hive_partitioning = true)"
            + " EXCEPT ALL"
            + " SELECT * EXCLUDE (arrivals_until) FROM read_parquet(?, hive_partitioning = true))";
    static final String COUNT = "SELECT count(*) AS n FROM read_parquet(?)";
    static final int SYNTHETIC = 400;
    static final int BOMB_BYTES = 8 * 1024 * 1024;
    static final String MAX_LINE = "64 kb";
    static final String MAX_FILE = "1 mb";
    static final int LONG_LINE_BYTES = 100 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(BackfillIT.class);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().kinesis().duckDb().build();

    private List<byte[]> synthetic;
    private Path streamLake;
    private Path backfillLake;
    private Path badLake;
    private Path badFiles;
    private long rowsBeforeRepeat;
    private Exception repeat;
    private long rowsAfterRepeat;

    @BeforeAll
    void runTheStreamAndTheBackfill(@InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        streamLake = dir.resolve("stream");
        backfillLake = dir.resolve("backfill");
        badLake = dir.resolve("bad");
        Path ndjson = OpenAqSamples.dataDir().resolve(OpenAqSamples.NDJSON);
        Path csv = OpenAqSamples.dataDir().resolve(OpenAqSamples.CSV);
        synthetic = syntheticLines();
        Path mixed = dir.resolve("synthetic.ndjson");
        try (OutputStream out = Files.newOutputStream(mixed)) {
            for (byte[] line : synthetic) {
                out.write(line);
                out.write('\n');
            }
        }

        JobConfig backfill = JobConfig.from(backfillConfig(backfillLake, ndjson + "," + csv + "," + mixed));
        AqLakeBackfill.run(backfill, LakeTestJob.environment(cluster));
        long rows = count(COUNT, readings(backfillLake));

        runTheStream(cluster, rows, deadLetterRows(backfillLake).size());
        LOG.info("Stream and backfill: {} readings, {} aggregate rows, {} dead letters", rows,
                count(COUNT, DuckDb.parquetGlob(backfillLake.resolve("aggregates"))), deadLetterRows(backfillLake).size());

        rowsBeforeRepeat = rows;
        try {
            AqLakeBackfill.run(backfill, LakeTestJob.environment(cluster));
        } catch (Exception e) {
            repeat = e;
        }
        rowsAfterRepeat = count(COUNT, readings(backfillLake));

        badFiles = Files.createDirectories(dir.resolve("bad-files"));
        writeBadFiles(badFiles, csv);
        Map<String, String> bad = backfillConfig(badLake, badFiles.toString());
        bad.put("backfill.max-line-bytes", MAX_LINE);
        bad.put("backfill.max-file-bytes", MAX_FILE);
        AqLakeBackfill.run(JobConfig.from(bad), LakeTestJob.environment(cluster));
    }

    private void runTheStream(MiniCluster cluster, long expectedRows, long expectedDeadLetters) throws Exception {
        List<TestRecord> records = new ArrayList<>();
        for (String line : OpenAqSamples.realtimeLines()) {
            records.add(new TestRecord(location(line), line.getBytes(StandardCharsets.UTF_8), null, 0));
        }
        for (String json : OpenAqSamples.csvAsRealtimeJson()) {
            records.add(new TestRecord(location(json), json.getBytes(StandardCharsets.UTF_8), null, 0));
        }
        for (byte[] payload : synthetic) {
            records.add(new TestRecord(location(payload), payload, null, 0));
        }
        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, 1);
            KinesisEmulator.put(kinesis, STREAM, records);
        }
        Map<String, String> flat = common(streamLake);
        flat.putAll(kinesisOnly());
        JobConfig cfg = JobConfig.from(flat);
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        JobClient job = env.executeAsync("backfill-it-stream");
        try {
            Polling.await(TIMEOUT, "the stream's readings committed", () -> {
                try {
                    return Files.exists(streamLake.resolve("readings"))
                            && count(COUNT, readings(streamLake)) >= expectedRows
                            && deadLetterRows(streamLake).size() >= expectedDeadLetters;
                } catch (SQLException | IOException e) {
                    return false;
                }
            }, () -> "waiting for " + expectedRows + " rows and " + expectedDeadLetters + " dead letters");
            // the sources stop, the watermark goes to the end and every window fires: what the backfill's end does
            LakeTestJob.drain(job, Files.createDirectories(streamLake.getParent().resolve("savepoints")));
        } finally {
            LakeTestJob.cancel(job);
        }
    }

    private static Map<String, String> common(Path lake) {
        Map<String, String> c = new HashMap<>();
        c.put("lake.transformed-path", lake.toUri().toString());
        c.put("pipeline.watermark.out-of-orderness", OUT_OF_ORDERNESS);
        c.put("pipeline.checkpoint-interval", "1 s");
        return c;
    }

    private static Map<String, String> kinesisOnly() {
        Map<String, String> c = new HashMap<>(LakeTestJob.config(STREAM));
        c.remove("lake.transformed-path");
        c.put("lake.raw-archive.enabled", "false");
        c.remove("lake.raw-path");
        return c;
    }

    private static Map<String, String> backfillConfig(Path lake, String paths) {
        Map<String, String> c = common(lake);
        c.put("backfill.enabled", "true");
        c.put("backfill.paths", paths);
        c.put("backfill.csv-source-type", CSV_SOURCE_TYPE);
        return c;
    }

    /** The replay's partition key: the payload's location, or "no-location" when it has none or is no JSON. */
    private static String location(String json) {
        return location(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String location(byte[] payload) {
        try {
            JsonNode l = JSON.readTree(payload).get("location");
            return l == null || !l.isValueNode() ? "no-location" : l.asText();
        } catch (IOException | RuntimeException notJson) {
            return "no-location";
        }
    }

    /** Synthetic readings, a share of them bad in every way a record can be, that fit on one line each. */
    private static List<byte[]> syntheticLines() {
        List<byte[]> lines = new ArrayList<>();
        for (TestRecord r : TestReadings.mixed("bf-", SYNTHETIC)) {
            boolean oneLine = true;
            for (byte b : r.payload) {
                oneLine &= b != '\n' && b != '\r';
            }
            if (oneLine && r.payload.length > 0) {
                lines.add(r.payload);
            }
        }
        return lines;
    }

    private static void writeBadFiles(Path dir, Path csv) throws IOException {
        List<String> good = Files.readAllLines(csv, StandardCharsets.UTF_8);
        // a row short of two cells between good ones
        Files.write(dir.resolve("a-narrow.csv"), List.of(good.get(0), "Kabul,AF,2019-12-01T21:30:00.000Z,pm25,556",
                good.get(1)), StandardCharsets.UTF_8);
        // a gzip stream cut off half-way
        byte[] gz = gzip(String.join("\n", good).getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("b-truncated.csv.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        // a small file that inflates beyond the file cap: a gzip bomb in miniature
        Files.write(dir.resolve("c-bomb.ndjson.gz"), gzip(new byte[BOMB_BYTES]));
        // a line longer than the line cap between two good ones
        String realtime = OpenAqSamples.realtimeLines().get(0);
        Files.write(dir.resolve("e-long-line.ndjson"), List.of(realtime, "x".repeat(LONG_LINE_BYTES),
                OpenAqSamples.realtimeLines().get(1)), StandardCharsets.UTF_8);
        // NDJSON read as what it is not
        Files.write(dir.resolve("d-not-json.ndjson"), List.of("{\"location\": \"x\"", "plain words"),
                StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void theBackfillWritesTheStreamsReadingsRowByRowLineageApart() throws Exception {
        assertSameRows(READINGS_ONLY_IN_FIRST, readings(streamLake), readings(backfillLake));
        assertThat(rowsBeforeRepeat).as("readings of both samples").isGreaterThan(100);
        List<Map<String, Object>> lineage = DuckDb.query("SELECT DISTINCT shard_id FROM read_parquet(?)",
                readings(backfillLake));
        assertThat(lineage).extracting(r -> (String) r.get("shard_id"))
                .allMatch(f -> f.endsWith(OpenAqSamples.NDJSON) || f.endsWith(OpenAqSamples.CSV)
                        || f.endsWith("synthetic.ndjson"));
    }

    @Test
    void theBackfillWritesTheStreamsAggregatesRowByRowIncludingAqi() throws Exception {
        String stream = DuckDb.parquetGlob(streamLake.resolve("aggregates"));
        String backfill = DuckDb.parquetGlob(backfillLake.resolve("aggregates"));
        assertSameRows(AGGREGATES_ONLY_IN_FIRST, stream, backfill);
        assertThat(count("SELECT count(*) AS n FROM read_parquet(?) WHERE aqi IS NOT NULL", backfill)).isPositive();
    }

    @Test
    void theBackfillWritesTheStreamsDeadLettersLineageApart() throws Exception {
        List<String> backfilled = deadLetters(backfillLake);
        assertThat(backfilled).isEqualTo(deadLetters(streamLake));
        assertThat(backfilled).as("dead letters of the synthetic bad readings").hasSizeGreaterThan(SYNTHETIC / 20);
    }

    @Test
    void aSecondIdenticalBackfillIsRefusedNamingTheFilesAndAddsNoRow() {
        assertThat(repeat).isNotNull();
        assertThat(rootMessage(repeat)).contains("backfilled into this lake already").contains(OpenAqSamples.CSV);
        assertThat(rowsAfterRepeat).isEqualTo(rowsBeforeRepeat);
    }

    @Test
    void badLinesOfBadFilesAreDeadLettersNamingTheFileAndLineKeepingTheLine() throws Exception {
        Map<String, Map<String, Object>> byFile = new HashMap<>();
        List<Map<String, Object>> letters = deadLetterRows(badLake);
        for (Map<String, Object> d : letters) {
            String file = Path.of(String.valueOf(d.get("shard_id"))).getFileName().toString();
            byFile.putIfAbsent(file + ":" + d.get("sequence_number"), d);
        }

        assertThat(byFile.get("a-narrow.csv:2")).as("the narrow row").isNotNull();
        assertThat(byFile.get("a-narrow.csv:2").get("payload")).isEqualTo("Kabul,AF,2019-12-01T21:30:00.000Z,pm25,556");
        assertThat((String) byFile.get("a-narrow.csv:2").get("reason")).contains("5 cells");
        assertThat(byFile.keySet()).anyMatch(k -> k.startsWith("b-truncated.csv.gz:"));
        assertThat(letters).filteredOn(d -> String.valueOf(d.get("shard_id")).endsWith("b-truncated.csv.gz"))
                .extracting(d -> (String) d.get("reason")).anyMatch(r -> r.contains("cannot be decompressed"));
        assertThat(byFile.get("c-bomb.ndjson.gz:1")).as("the bomb").isNotNull();
        assertThat((String) byFile.get("c-bomb.ndjson.gz:1").get("reason")).contains("backfill.max-file-bytes");
        assertThat((String) byFile.get("e-long-line.ndjson:2").get("reason")).contains("backfill.max-line-bytes");
        assertThat(byFile.get("d-not-json.ndjson:1").get("error_type")).isEqualTo("json-parse-failed");
        // lines that cannot be shown to be exempt from consent are redacted, as the stream redacts them
        assertThat(byFile.get("d-not-json.ndjson:2").get("payload_encoding")).isIn("redacted", null);
        assertThat(byFile.get("e-long-line.ndjson:2").get("payload_encoding")).isIn("redacted", null);
        assertThat(DuckDb.query("SELECT shard_id, sequence_number FROM read_parquet(?)", readings(badLake)))
                .extracting(r -> Path.of((String) r.get("shard_id")).getFileName() + ":" + r.get("sequence_number"))
                .as("the good rows of the bad files").contains("a-narrow.csv:1", "a-narrow.csv:3",
                        "e-long-line.ndjson:1", "e-long-line.ndjson:3");
    }

    @Test
    void aMissingPathIsAnErrorNamingItBeforeAnythingIsWritten(@InjectMiniCluster MiniCluster cluster,
            @TempDir Path lake) {
        Path missing = lake.resolve("no-such-day.csv");
        assertThatThrownBy(() -> AqLakeBackfill.run(JobConfig.from(backfillConfig(lake, missing.toString())),
                LakeTestJob.environment(cluster)))
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThat(lake.resolve("readings")).doesNotExist();
    }

    // ---------------------------------------------------------------- reading the lakes

    private static String readings(Path lake) {
        return DuckDb.parquetGlob(lake.resolve("readings"));
    }

    private static long count(String sql, Object... params) throws SQLException {
        return ((Number) DuckDb.query(sql, params).get(0).get("n")).longValue();
    }

    /** Both tables hold the same rows, as many times each (EXCEPT ALL both ways is empty). */
    private static void assertSameRows(String onlyInFirst, String a, String b) throws SQLException {
        assertThat(count(onlyInFirst, a, b)).as("rows only in " + a).isZero();
        assertThat(count(onlyInFirst, b, a)).as("rows only in " + b).isZero();
        assertThat(count(COUNT, a)).isEqualTo(count(COUNT, b)).isPositive();
    }

    private static List<Map<String, Object>> deadLetterRows(Path lake) throws IOException {
        Path errors = lake.resolve("errors");
        if (!Files.exists(errors)) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(errors)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).collect(Collectors.toList())) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = JSON.readValue(line, Map.class);
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The dead letters without their lineage, sorted. */
    private static List<String> deadLetters(Path lake) throws IOException {
        List<String> letters = new ArrayList<>();
        for (Map<String, Object> d : deadLetterRows(lake)) {
            letters.add(d.get("error_type") + "|" + d.get("field") + "|" + d.get("reason") + "|" + d.get("payload"));
        }
        letters.sort(null);
        return letters;
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" / ");
        }
        return all.toString();
    }
}
