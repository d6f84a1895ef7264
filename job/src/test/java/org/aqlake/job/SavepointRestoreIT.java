package org.aqlake.job;

import org.apache.flink.FlinkVersion;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.test.util.MigrationTest;

import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentDenial;
import org.aqlake.job.metrics.MetricNames;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.ParquetRows;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.SavepointLake;
import org.aqlake.job.support.SavepointRuns;
import org.aqlake.job.support.SavepointScenario;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.aqlake.job.support.SavepointScenario.GRANTED;
import static org.aqlake.job.support.SavepointScenario.HELD;
import static org.aqlake.job.support.SavepointScenario.garden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint of an earlier version of the job, committed under {@code src/test/resources/savepoints/},
 * restores into the job as it is now, without allowNonRestoredState, and the job goes on without loss: the
 * open aggregation window, the consent registry, the reading the consent gate held, the duplicate filter
 * and the partitions waiting for their marker all come back ({@link SavepointScenario} has the records).
 *
 * <p>The savepoint is made by {@link #writeSavepoint}, on request only, with Flink's migration-test
 * generator ({@code mvn -Pgenerate-savepoint}; see the README next to the savepoints). Two things keep it
 * restorable on any machine. The Kinesis consumer's state holds sequence numbers of an emulator that is gone:
 * the restored job reads streams of other names, and the legacy consumer leaves restored shards it does not
 * discover alone and reads the new streams' shards from the start (under the old names the restore fails:
 * the new emulator finds no record with the restored sequence number). The file sinks' state would hold the
 * paths of unfinished files: the savepoint is taken after checkpoints in which no sink got input, so every
 * file is committed and the sinks' state holds no path.
 */
@ExtendWith(KinesisEmulator.class)
class SavepointRestoreIT implements MigrationTest {

    /** The savepoint restored: the job at that commit, on that Flink version. */
    static final String SAVEPOINT = "aq-lake-21ef303-flink1.20";
    static final String STREAM = "savepoint-restore-it";
    static final String CONSENT_STREAM = "savepoint-restore-it-consent";
    static final String HOUR_0 = SavepointScenario.PARTITION_H0;
    static final String HOUR_1 = SavepointScenario.PARTITION_H1;

    /**
     * The operators that hold state between checkpoints in this scenario, by uid (the literal strings of the
     * savepoint contract, operator-uids.txt). The file sinks are left out: the savepoint is taken when they
     * hold nothing.
     */
    static final List<String> STATEFUL_UIDS = List.of("kinesis-readings-source", "deduplicate-records",
            "readings-watermarks", "kinesis-consent-source", "consent-gate", "aggregate-readings",
            "readings-sink: partition-commit", "aggregates-sink: partition-commit");
    /** What a file sink's state would hold had the savepoint been taken with a file unfinished or uncommitted. */
    static final List<String> FILE_PATH_MARKS = List.of("s3://", "file:/", ".inprogress", ".parquet", ".jsonl");

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(LakeTestJob.PARALLELISM)
                    .setConfiguration(LakeTestJob.clusterConfig(METRICS, "none"))
                    .build());

    @TempDir
    static Path work;

    static EmbeddedS3 s3;
    static SavepointLake lake;
    /** The lake after a repair of hours 0 to 2. */
    static SavepointLake repaired;
    static long duplicates;
    static long deniedWithoutConsent;

    @BeforeAll
    static void restoreTheSavepointAndReadOn(@InjectMiniCluster MiniCluster cluster) throws Exception {
        s3 = SavepointLake.startS3();
        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SavepointRuns.SHARDS);
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            String savepoint = savepointDir().toUri().toString();
            JobClient job = SavepointRuns.start(cluster, SavepointScenario.config(STREAM, CONSENT_STREAM), savepoint);
            try {
                KinesisEmulator.put(kinesis, STREAM, SavepointScenario.afterRestore());
                // the station's hour-1 window closes after the gate has decided every reading of hour 1, and
                // hour 0's markers come with the same watermark; the promises below say what is missing, if any
                Polling.await(SavepointRuns.TIMEOUT, "the station's hour-1 aggregate and hour 0's markers", () -> {
                    SavepointRuns.assertRunning(job);
                    SavepointLake now = SavepointLake.copy(s3, work.resolve("poll-" + System.nanoTime()));
                    return now.aggregates(HOUR_1).stream().anyMatch(r -> SavepointScenario.STATION.equals(
                            r.get("location"))) && now.marked(HOUR_0);
                });
                long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
                // a few more checkpoints: what was still in flight is committed, and a file committed twice
                // would be there by then
                Polling.await(Duration.ofSeconds(60), "more checkpoints",
                        () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID())
                                >= done + SavepointRuns.QUIET_CHECKPOINTS);
            } finally {
                LakeTestJob.cancel(job);
            }
            duplicates = LakeTestJob.counter(METRICS, job.getJobID(), "." + MetricNames.DUPLICATE_RECORDS);
            deniedWithoutConsent = LakeTestJob.counter(METRICS, job.getJobID(), "." + MetricNames.DENIAL_REASON + "."
                    + ConsentDenial.NO_CONSENT.id() + "." + MetricNames.CONSENT_DENIED);
        }
        lake = SavepointLake.copy(s3, work.resolve("final"));
        Map<String, String> repair = SavepointScenario.config(STREAM, CONSENT_STREAM);
        repair.put("repair.enabled", "true");
        repair.put("repair.from", Instant.ofEpochMilli(SavepointScenario.H0).toString());
        repair.put("repair.to", Instant.ofEpochMilli(SavepointScenario.H2 + SavepointScenario.HOUR).toString());
        AqLakeRepair.run(JobConfig.from(repair), LakeTestJob.environment(cluster));
        repaired = SavepointLake.copy(s3, work.resolve("repaired"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        if (s3 != null) {
            s3.close();
        }
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void theSavepointHoldsStateOfEveryStatefulOperatorAndNoPathOfAFile() throws Exception {
        Path dir = savepointDir();
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("_metadata")))) {
            metadata = Checkpoints.loadCheckpointMetadata(in, SavepointRestoreIT.class.getClassLoader(),
                    dir.toString());
        }
        Map<OperatorID, OperatorState> byId = metadata.getOperatorStates().stream()
                .collect(Collectors.toMap(OperatorState::getOperatorID, Function.identity()));
        String bytes = new String(Files.readAllBytes(dir.resolve("_metadata")), StandardCharsets.ISO_8859_1);

        for (String uid : STATEFUL_UIDS) {
            OperatorState state = byId.get(operatorId(uid));
            assertThat(state).as("state of %s", uid).isNotNull();
            assertThat(state.getStateSize()).as("state size of %s", uid).isPositive();
        }
        // the restore needs no file of the lake that made it: no sink state names one
        assertThat(FILE_PATH_MARKS).noneMatch(bytes::contains);
    }

    @Test
    void theHourOneAggregatesCountTheReadingsReadBeforeTheSavepointAndAfterTheRestoreEachOnce() {
        List<Map<String, Object>> hourOne = lake.aggregates(HOUR_1);
        List<Map<String, Object>> station = station(hourOne);
        Map<String, Object> legacy = station.stream().filter(r -> r.get("city") == null).findFirst().orElseThrow();
        Map<String, Object> place = station.stream().filter(r -> r.get("city") != null).findFirst().orElseThrow();

        // the window restored keys the location alone (the savepoint was taken before places); the readings
        // with a city after the restore are the place's window: each reading in one of them
        assertThat(station).hasSize(2);
        assertThat(legacy.get("count")).isEqualTo((long) (SavepointScenario.STATION_H1_BEFORE
                + SavepointScenario.PACE_READINGS));
        assertThat(legacy.get("min")).as("the first reading of hour 1, read before the savepoint").isEqualTo(30.0);
        assertThat(place.get("city")).isEqualTo(SavepointScenario.CITY);
        assertThat(place.get("country")).isEqualTo(SavepointScenario.COUNTRY);
        assertThat(place.get("count")).isEqualTo((long) SavepointScenario.STATION_H1_AFTER);
        assertThat(place.get("max")).as("the last reading of hour 1, read after the restore").isEqualTo(104.0);
        // copies of readings counted before the savepoint are dropped by the restored duplicate filter
        assertThat(counted(station)).isEqualTo(STATION_HOUR_ONE);
        Map<Object, Map<String, Object>> gardens = hourOne.stream().filter(r -> r.get("city") == null)
                .collect(Collectors.toMap(r -> r.get("location"), Function.identity()));
        assertThat(gardens.get(garden(GRANTED)).get("count")).isEqualTo(2L);
        assertThat(gardens.get(garden(HELD)).get("count")).isEqualTo(1L);
        // each window written once, when it closed: no reading of it came late, before or after the restore
        assertThat(hourOne).hasSize(4).allSatisfy(r -> assertThat(r.get("revision")).isEqualTo(0));
    }

    @Test
    void aRepairOfTheRestoredLakeCountsEveryReadingOfTheHourStraddlingTheRestoreOnce() {
        // this lake's readings table holds only the readings after the restore: the rows written before places
        // count readings it lacks, so the repair keeps them, and their sum with the place's is the hour's
        List<Map<String, Object>> latest = latest(repaired.aggregates(HOUR_1));

        assertThat(counted(station(latest))).isEqualTo(STATION_HOUR_ONE);
        assertThat(station(latest)).extracting(r -> r.get("city")).containsExactlyInAnyOrder(null,
                SavepointScenario.CITY);
    }

    @Test
    void everyReadingAfterTheRestoreAndTheHeldOneIsOneRow() {
        Map<String, Long> rows = lake.rows().stream()
                .collect(Collectors.groupingBy(SavepointScenario::rowKey, Collectors.counting()));

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(SavepointScenario.rowsAfterRestore());
        assertThat(rows.values()).containsOnly(1L);
    }

    @Test
    void theReadingHeldAtTheSavepointPassesOnTheConsentInTheRestoredRegistry() {
        TestRecord held = SavepointScenario.heldReading();

        assertThat(lake.rows()).filteredOn(r -> HELD.equals(r.get("device_id")))
                .singleElement().satisfies(r -> assertThat(r.get("event_time")).isEqualTo(held.eventTime));
    }

    @Test
    void aDeviceWhoseConsentIsOnlyInTheRestoredRegistryPassesAndOneWithoutConsentIsDenied() {
        assertThat(lake.rows()).filteredOn(r -> GRANTED.equals(r.get("device_id"))).hasSize(1);
        assertThat(lake.rows()).noneMatch(r -> SavepointScenario.NEVER.equals(r.get("device_id")));
        assertThat(deniedWithoutConsent).isEqualTo(1);
    }

    @Test
    void copiesOfRecordsReadBeforeTheSavepointAreDropped() {
        assertThat(duplicates).isEqualTo(SavepointScenario.COPIES);
    }

    @Test
    void hourZeroIsMarkedCompleteThoughAllItsFilesWereWrittenBeforeTheSavepoint() throws IOException {
        // this lake never got a file of hour 0: only the restored committer knew the partitions were pending
        assertThat(ParquetRows.files(lake.contents.readingsDir.resolve(HOUR_0), ".parquet")).isEmpty();
        assertThat(ParquetRows.files(lake.aggregatesDir.resolve(HOUR_0), ".parquet")).isEmpty();
        assertThat(lake.marked(HOUR_0)).isTrue();
        assertThat(lake.contents.readingsDir.resolve(HOUR_1).resolve(PartitionCommitter.SUCCESS_FILE)).doesNotExist();
    }

    @Test
    void everyRecordAfterTheRestoreIsInTheRawArchiveOnce() {
        assertThat(lake.raw()).extracting(r -> r.get("partition_key"))
                .containsExactlyInAnyOrderElementsOf(
                        SavepointScenario.afterRestore().stream().map(r -> r.id).collect(Collectors.toList()));
    }

    // ---------------------------------------------------------------- the savepoint, made on request

    /** Called by Flink's {@code MigrationTestsSnapshotGenerator} only (-Pgenerate-savepoint). */
    @SnapshotsGenerator
    public void writeSavepoint(FlinkVersion version) throws Exception {
        String jobVersion = System.getProperty("savepoint.job-version", "");
        if (jobVersion.isBlank()) {
            throw new IllegalArgumentException("set -Dsavepoint.job-version to the commit the savepoint is made with");
        }
        SavepointRuns.generate(version, jobVersion,
                Path.of(System.getProperty("savepoint.dir", "src/test/resources/savepoints")));
    }

    // ---------------------------------------------------------------- helpers

    /** The station's readings of hour 1 that pass: before the savepoint, the pace ones, after the restore. */
    static final long STATION_HOUR_ONE = SavepointScenario.STATION_H1_BEFORE + SavepointScenario.PACE_READINGS
            + SavepointScenario.STATION_H1_AFTER;

    static List<Map<String, Object>> station(List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> SavepointScenario.STATION.equals(r.get("location")))
                .collect(Collectors.toList());
    }

    static long counted(List<Map<String, Object>> rows) {
        return rows.stream().mapToLong(r -> (Long) r.get("count")).sum();
    }

    /** What the aggregates_latest views keep: each key's highest revision, unless it is a withdrawal (count 0). */
    static List<Map<String, Object>> latest(List<Map<String, Object>> rows) {
        Map<List<Object>, Map<String, Object>> newest = new java.util.HashMap<>();
        for (Map<String, Object> r : rows) {
            newest.merge(java.util.Arrays.asList(r.get("window_start"), r.get("location"), r.get("city"),
                    r.get("country"), r.get("parameter"), r.get("unit")), r,
                    (a, b) -> (Integer) b.get("revision") > (Integer) a.get("revision") ? b : a);
        }
        return newest.values().stream().filter(r -> (Long) r.get("count") > 0).collect(Collectors.toList());
    }

    static Path savepointDir() throws URISyntaxException {
        return Path.of(SavepointRestoreIT.class.getResource("/savepoints/" + SAVEPOINT).toURI());
    }

    /** The operator id Flink derives from a uid (StreamGraphHasherV2): what a savepoint keys state by. */
    static OperatorID operatorId(String uid) {
        return new OperatorID(Hashing.murmur3_128(0).newHasher().putString(uid, StandardCharsets.UTF_8).hash()
                .asBytes());
    }
}
