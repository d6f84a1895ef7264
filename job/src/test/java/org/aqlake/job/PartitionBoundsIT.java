package org.aqlake.job;

import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.ParquetRows;
import org.aqlake.job.support.TestReadings;
import org.aqlake.udfs.partition.PartitionValues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poison pills for the sinks, on a MiniCluster writing to {@code file://} with restarts allowed (the
 * production kind: a failing writer is restarted and replays its input): a free-text partition value
 * longer than a folder name may be, and more partitions at once than a writer may hold open. Neither may
 * restart the job; each reading ends up where the README says, once.
 */
class PartitionBoundsIT {

    static final int LONG_LOCATION_CHARS = 5_000;
    static final int READINGS_PER_LOCATION = 4;
    static final int MAX_OPEN_PARTITIONS = 3;
    static final String[] LOCATIONS = {"Alpha", "Bravo", "Charlie", "Delta", "Echo"};
    static final long T = Instant.parse("2024-05-01T10:20:00Z").toEpochMilli();
    static final String HOUR_FOLDERS = "year=2024/month=05/day=01/hour=10";
    static final String TEMPLATE = "location=!{partitionKey:location}/year=!{timestamp:yyyy}/month=!{timestamp:MM}"
            + "/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    static final int CHECKPOINT_INTERVAL_MILLIS = 200;
    /** The folder names most file systems accept, in bytes. */
    static final int MAX_FOLDER_BYTES = 255;
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").build();

    @TempDir
    Path dir;

    @Test
    void aReadingWithAFiveThousandCharacterLocationIsARowInItsBoundedFolderAndTheJobNeverRestarts(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String longLocation = "Station " + "x".repeat(LONG_LOCATION_CHARS - "Station ".length() - 1) + "!";
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < LOCATIONS.length; i++) {
            records.add(record("short-" + i, LOCATIONS[i], i));
        }
        records.add(record("long-0", longLocation, LOCATIONS.length));
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MILLIS);

        JobID job = run(env, records, Map.of());

        assertThat(restarts(job)).as("restarts of the job").isZero();
        Path readings = dir.resolve("transformed/readings");
        Map<String, Map<String, Object>> rows = byDevice(ParquetRows.read(readings));
        assertThat(rows).hasSize(records.size());
        String folder = "location=" + PartitionValues.escapeBounded(longLocation);
        assertThat(folder).startsWith("location=Station xxx").matches("location=Station x+~[0-9a-f]{16}");
        assertThat(folder.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_FOLDER_BYTES);
        assertThat(rows.get("long-0")).containsEntry(ParquetRows.PARTITION, folder + "/" + HOUR_FOLDERS)
                .containsEntry("location", longLocation);
        for (int i = 0; i < LOCATIONS.length; i++) {
            assertThat(rows.get("short-" + i)).containsEntry(ParquetRows.PARTITION,
                    "location=" + LOCATIONS[i] + "/" + HOUR_FOLDERS);
        }
        // as another engine reads it: the whole location is in the file, under the bounded folder
        assertThat(DuckDb.query("SELECT count(*) AS n FROM read_parquet(?, filename = true, hive_partitioning = false)"
                        + " WHERE location = ? AND filename LIKE ?", DuckDb.parquetGlob(readings), longLocation,
                "%/" + folder + "/" + HOUR_FOLDERS + "/%").get(0).get("n")).isEqualTo(1L);
        // the aggregates, partitioned by the same template, take the same folder
        List<Map<String, Object>> aggregates = ParquetRows.read(dir.resolve("transformed/aggregates"));
        assertThat(aggregates).filteredOn(a -> longLocation.equals(a.get("location")))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.get(ParquetRows.PARTITION)).isEqualTo(folder + "/" + HOUR_FOLDERS));
        assertThat(new LakeContents(readings, dir.resolve("transformed/errors"), null).deadLetters()).isEmpty();
        // and the partition is complete like any other: its _SUCCESS is in the bounded folder of both tables
        for (String table : List.of("readings", "aggregates")) {
            assertThat(dir.resolve("transformed").resolve(table).resolve(folder).resolve(HOUR_FOLDERS)
                    .resolve(PartitionCommitter.SUCCESS_FILE)).as(table).exists();
        }
    }

    @Test
    void readingsForMorePartitionsThanAWriterMayHoldOpenAreDeadLettersHoldingTheirRowsAndTheJobNeverRestarts(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        // round after round, each location's readings, so the fourth and fifth locations come while three are open
        List<KinesisRecord> records = new ArrayList<>();
        for (int round = 0; round < READINGS_PER_LOCATION; round++) {
            for (int l = 0; l < LOCATIONS.length; l++) {
                records.add(record(LOCATIONS[l] + "-" + round, LOCATIONS[l], round * LOCATIONS.length + l));
            }
        }
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        // one writer, and no checkpoint to start the count again while the records flow: what passes is certain.
        // Without checkpoints the sinks commit when the input ends.
        env.setParallelism(1);

        JobID job = run(env, records, Map.of("lake.max-open-partitions", Integer.toString(MAX_OPEN_PARTITIONS),
                "lake.partition-commit.success-file", "false"));

        assertThat(restarts(job)).as("restarts of the job").isZero();
        LakeContents lake = new LakeContents(dir.resolve("transformed/readings"), dir.resolve("transformed/errors"),
                null);
        Map<String, Map<String, Object>> rows = byDevice(lake.readings());
        Map<String, JsonNode> deadLetters = new LinkedHashMap<>();
        for (Map<String, Object> d : lake.deadLetters()) {
            assertThat(d.get("error_type")).isEqualTo(ErrorType.TOO_MANY_OPEN_PARTITIONS.id());
            assertThat((String) d.get("reason")).contains("lake.max-open-partitions");
            JsonNode row = JSON.readTree((String) d.get("payload"));
            assertThat(row.get("sequence_number").asText()).isEqualTo(d.get("sequence_number"));
            assertThat(deadLetters.put(row.get("device_id").asText(), row)).as("one dead letter per reading").isNull();
        }

        List<String> open = List.of(LOCATIONS).subList(0, MAX_OPEN_PARTITIONS);
        assertThat(rows.values()).extracting(r -> r.get("location")).allMatch(open::contains)
                .hasSize(MAX_OPEN_PARTITIONS * READINGS_PER_LOCATION);
        assertThat(deadLetters.values()).extracting(r -> r.get("location").asText())
                .allMatch(l -> !open.contains(l))
                .hasSize((LOCATIONS.length - MAX_OPEN_PARTITIONS) * READINGS_PER_LOCATION);
        // none lost, none twice: every reading is a row or a dead letter, never both
        List<String> all = records.stream().map(r -> r.partitionKey).collect(Collectors.toList());
        List<String> found = new ArrayList<>(rows.keySet());
        found.addAll(deadLetters.keySet());
        assertThat(found).containsExactlyInAnyOrderElementsOf(all);
        assertThat(LAKE.counter(job, ".ErrorType." + ErrorType.TOO_MANY_OPEN_PARTITIONS.id()
                + ".deadLetters")).isEqualTo(deadLetters.size());
        // the aggregates count the rows, not the readings turned away: the two tables agree
        List<Map<String, Object>> aggregates = ParquetRows.read(dir.resolve("transformed/aggregates"));
        assertThat(aggregates).extracting(a -> a.get("location")).allMatch(open::contains);
        assertThat(aggregates.stream().mapToLong(a -> ((Number) a.get("count")).longValue()).sum())
                .isEqualTo(rows.size());
    }

    // ---------------------------------------------------------------- helpers

    JobID run(StreamExecutionEnvironment env, List<KinesisRecord> records, Map<String, String> settings)
            throws Exception {
        Map<String, String> c = new HashMap<>(settings);
        c.put("lake.transformed-path", dir.resolve("transformed").toUri().toString());
        c.put("lake.partition-template", TEMPLATE);
        JobConfig cfg = JobConfig.from(c);
        if (env.getCheckpointConfig().isCheckpointingEnabled()) {
            AqLakeJob.configure(env, cfg); // the job's own settings, as it runs
        } else {
            env.getConfig().enableObjectReuse(); // the same, without the checkpointing configure would turn on
        }
        AqLakePipeline.build(env.fromData(records), cfg, JobSinks.create(cfg));
        JobClient client = env.executeAsync("partition-bounds-it");
        // the job must finish; a writer that fails restarts it until the restart strategy gives up
        client.getJobExecutionResult().get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return client.getJobID();
    }

    /** An exempt reading whose device id (and partition key) is {@code id}, at a location. */
    static KinesisRecord record(String id, String location, int i) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("date", Map.of("utc", Instant.ofEpochMilli(T + i * 1_000L).toString()));
        o.put("parameter", "pm25");
        o.put("value", 5.0 + i);
        o.put("unit", "µg/m³");
        o.put("location", location);
        o.put("sourceType", "government");
        o.put("sensorId", id);
        return new KinesisRecord(JSON.writeValueAsBytes(o), "aq-readings", "shardId-000000000000",
                Integer.toString(i), id, TestReadings.BASE_TIME + 24 * 3_600_000L);
    }

    static Map<String, Map<String, Object>> byDevice(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byDevice = new HashMap<>();
        for (Map<String, Object> r : rows) {
            assertThat(byDevice.put((String) r.get("device_id"), r)).as("one row per reading").isNull();
        }
        return byDevice;
    }

    /** The job's {@code numRestarts}: how often it was restarted, as Flink reports it. */
    static long restarts(JobID job) {
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : LAKE.metrics().getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(g.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            Metric m = g.getValue().get("numRestarts");
            if (m instanceof Gauge) {
                return ((Number) ((Gauge<?>) m).getValue()).longValue();
            }
        }
        throw new AssertionError("the job " + job + " reported no numRestarts metric");
    }
}
