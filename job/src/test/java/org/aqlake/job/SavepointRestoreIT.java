package org.aqlake.job;

import org.apache.flink.FlinkVersion;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.test.util.MigrationTest;

import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentDenial;
import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.ParquetRows;
import org.aqlake.job.support.Polling;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
 * discover alone and reads the new streams' shards from the start. The file sinks' state would hold the
 * paths of unfinished files: the savepoint is taken after checkpoints in which no sink got input, so every
 * file is committed and the sinks' state holds no path.
 */
@ExtendWith(KinesisEmulator.class)
class SavepointRestoreIT implements MigrationTest {

    /** The savepoint restored: the job at that commit, on that Flink version. */
    static final String SAVEPOINT = "aq-lake-21ef303-flink1.20";
    static final String STREAM = "savepoint-restore-it";
    static final String CONSENT_STREAM = "savepoint-restore-it-consent";
    static final String GENERATOR_STREAM = "savepoint-generator";
    static final String GENERATOR_CONSENT_STREAM = "savepoint-generator-consent";
    static final int SHARDS = 2;
    static final long CHECKPOINT_MILLIS = 500;
    /** Checkpoints with nothing new in between, so that every file is committed and no sink holds one. */
    static final int QUIET_CHECKPOINTS = 3;
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String HOUR_0 = "year=2024/month=05/day=01/hour=00";
    static final String HOUR_1 = "year=2024/month=05/day=01/hour=01";

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
    static Lake lake;
    static long duplicates;
    static long deniedWithoutConsent;

    @BeforeAll
    static void restoreTheSavepointAndReadOn(@InjectMiniCluster MiniCluster cluster) throws Exception {
        s3 = startS3();
        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SHARDS);
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            String savepoint = savepointDir().toUri().toString();
            JobClient job = start(cluster, SavepointScenario.config(STREAM, CONSENT_STREAM), savepoint);
            try {
                KinesisEmulator.put(kinesis, STREAM, SavepointScenario.afterRestore());
                // the station's hour-1 window closes after the gate has decided every reading of hour 1, and
                // hour 0's markers come with the same watermark; the promises below say what is missing, if any
                Polling.await(TIMEOUT, "the station's hour-1 aggregate and hour 0's markers", () -> {
                    assertRunning(job);
                    Lake now = copyLake(work.resolve("poll-" + System.nanoTime()));
                    return now.aggregates(HOUR_1).stream().anyMatch(r -> SavepointScenario.STATION.equals(
                            r.get("location"))) && now.marked(HOUR_0);
                });
                long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
                // a few more checkpoints: what was still in flight is committed, and a file committed twice
                // would be there by then
                Polling.await(Duration.ofSeconds(60), "more checkpoints",
                        () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID()) >= done + QUIET_CHECKPOINTS);
            } finally {
                LakeTestJob.cancel(job);
            }
            duplicates = LakeTestJob.counter(METRICS, job.getJobID(), "." + DecodeReadings.DUPLICATES_METRIC);
            deniedWithoutConsent = LakeTestJob.counter(METRICS, job.getJobID(), "." + ConsentDenial.DIMENSION + "."
                    + ConsentDenial.NO_CONSENT.id() + "." + ConsentDenial.METRIC);
        }
        lake = copyLake(work.resolve("final"));
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
    void theHourOneAggregateCountsTheReadingsReadBeforeTheSavepointAndAfterTheRestore() {
        Map<String, Map<String, Object>> hourOne = lake.aggregates(HOUR_1).stream()
                .collect(Collectors.toMap(r -> (String) r.get("location"), Function.identity()));
        Map<String, Object> station = hourOne.get(SavepointScenario.STATION);

        // copies of readings counted before the savepoint are dropped by the restored duplicate filter
        assertThat(station.get("count")).isEqualTo((long) (SavepointScenario.STATION_H1_BEFORE
                + SavepointScenario.PACE_READINGS + SavepointScenario.STATION_H1_AFTER));
        assertThat(station.get("min")).as("the first reading of hour 1, read before the savepoint").isEqualTo(30.0);
        assertThat(station.get("max")).as("the last reading of hour 1, read after the restore").isEqualTo(104.0);
        assertThat(hourOne.get(garden(GRANTED)).get("count")).isEqualTo(2L);
        assertThat(hourOne.get(garden(HELD)).get("count")).isEqualTo(1L);
        // each window written once, when it closed: no reading of it came late, before or after the restore
        assertThat(lake.aggregates(HOUR_1)).hasSize(3).allSatisfy(r -> assertThat(r.get("revision")).isEqualTo(0));
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
        assertThat(ParquetRows.files(lake.readings.readingsDir.resolve(HOUR_0), ".parquet")).isEmpty();
        assertThat(ParquetRows.files(lake.aggregatesDir.resolve(HOUR_0), ".parquet")).isEmpty();
        assertThat(lake.marked(HOUR_0)).isTrue();
        assertThat(lake.readings.readingsDir.resolve(HOUR_1).resolve(PartitionCommitter.SUCCESS_FILE)).doesNotExist();
    }

    @Test
    void everyRecordAfterTheRestoreIsInTheRawArchiveOnce() {
        assertThat(lake.raw()).extracting(r -> r.get("partition_key"))
                .containsExactlyInAnyOrderElementsOf(
                        SavepointScenario.afterRestore().stream().map(r -> r.id).collect(Collectors.toList()));
    }

    // ---------------------------------------------------------------- the savepoint, made on request

    /**
     * Runs the job as it is at this commit on a mini-cluster of its own, over {@link
     * SavepointScenario#beforeSavepoint}, and stops it with a savepoint without drain, so that windows stay
     * open and held readings held. Called by Flink's {@code MigrationTestsSnapshotGenerator} only.
     */
    @SnapshotsGenerator
    public void writeSavepoint(FlinkVersion version) throws Exception {
        String jobVersion = System.getProperty("savepoint.job-version", "");
        if (jobVersion.isBlank()) {
            throw new IllegalArgumentException("set -Dsavepoint.job-version to the commit the savepoint is made with");
        }
        Path target = Path.of(System.getProperty("savepoint.dir", "src/test/resources/savepoints"))
                .resolve("aq-lake-" + jobVersion + "-flink" + version);
        Path scratch = Files.createTempDirectory("savepoint-generator");
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(LakeTestJob.PARALLELISM).build());
        try (AutoCloseable emulator = KinesisEmulator.startStandalone(); EmbeddedS3 store = startS3();
                KinesisClient kinesis = KinesisEmulator.client()) {
            s3 = store;
            cluster.start();
            KinesisEmulator.createStream(kinesis, GENERATOR_STREAM, SHARDS);
            KinesisEmulator.createStream(kinesis, GENERATOR_CONSENT_STREAM, 1);
            KinesisEmulator.put(kinesis, GENERATOR_CONSENT_STREAM, SavepointScenario.consentRecords());
            List<TestRecord> records = SavepointScenario.beforeSavepoint();
            KinesisEmulator.put(kinesis, GENERATOR_STREAM, records);
            JobClient job = start(cluster, SavepointScenario.config(GENERATOR_STREAM, GENERATOR_CONSENT_STREAM), null);
            long passed = records.stream().filter(r -> r.valid() && !r.id.equals("held")).count();
            Polling.await(TIMEOUT, "every record read, its rows and hour 0's aggregates committed", () -> {
                assertRunning(job);
                Lake now = copyLake(scratch.resolve("poll-" + System.nanoTime()));
                return now.raw().size() == records.size() && now.rows().size() == passed
                        && !now.aggregates(HOUR_0).isEmpty();
            });
            long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
            Polling.await(Duration.ofSeconds(60), "quiet checkpoints",
                    () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID()) >= done + QUIET_CHECKPOINTS);
            String savepoint = job.stopWithSavepoint(false, scratch.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            Lake before = copyLake(scratch.resolve("final"));
            if (before.marked(HOUR_0) || before.rows().size() != passed) {
                throw new IllegalStateException("the job went on after its input ended: not the state meant");
            }
            replace(target, Path.of(URI.create(savepoint)));
        } finally {
            cluster.close();
            FileSystem.initialize(new Configuration(), null);
        }
    }

    // ---------------------------------------------------------------- helpers

    static Path savepointDir() throws URISyntaxException {
        return Path.of(SavepointRestoreIT.class.getResource("/savepoints/" + SAVEPOINT).toURI());
    }

    /** The operator id Flink derives from a uid (StreamGraphHasherV2): what a savepoint keys state by. */
    static OperatorID operatorId(String uid) {
        return new OperatorID(Hashing.murmur3_128(0).newHasher().putString(uid, StandardCharsets.UTF_8).hash()
                .asBytes());
    }

    static EmbeddedS3 startS3() throws Exception {
        EmbeddedS3 store = new EmbeddedS3();
        store.createBucket(LakeTestJob.TRANSFORMED_BUCKET);
        store.createBucket(LakeTestJob.RAW_BUCKET);
        Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), store.endpoint(), true,
                EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
        FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
        return store;
    }

    /** The job as AqLakeJob builds it, optionally restored, without allowNonRestoredState. */
    static JobClient start(MiniCluster cluster, Map<String, String> config, String restoreFrom) throws Exception {
        JobConfig cfg = JobConfig.from(config);
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, LakeSinks.create(cfg));
        StreamGraph graph = env.getStreamGraph();
        if (restoreFrom != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
        }
        return env.executeAsync(graph);
    }

    /** Fails at once with the job's own error when it has ended (a restore refused), rather than at the timeout. */
    static void assertRunning(JobClient job) {
        try {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                throw new IllegalStateException("the job ended before its input was processed");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void replace(Path target, Path savepoint) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(savepoint)) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    static Lake copyLake(Path dir) {
        try {
            s3.download(LakeTestJob.TRANSFORMED_BUCKET, "savepoint-restore/", dir.resolve("transformed"));
            s3.download(LakeTestJob.RAW_BUCKET, "savepoint-restore/", dir.resolve("raw"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Lake(dir.resolve("transformed").resolve("savepoint-restore"),
                dir.resolve("raw").resolve("savepoint-restore"));
    }

    /** A local copy of the test lake. */
    static final class Lake {
        final LakeContents readings;
        final Path aggregatesDir;

        Lake(Path transformed, Path raw) {
            readings = new LakeContents(transformed.resolve("readings"), transformed.resolve("errors"), raw);
            aggregatesDir = transformed.resolve("aggregates");
        }

        List<Map<String, Object>> rows() {
            try {
                return readings.readings();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        List<Map<String, Object>> raw() {
            try {
                return readings.raw();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        List<Map<String, Object>> aggregates(String partition) {
            try {
                return ParquetRows.read(aggregatesDir).stream()
                        .filter(r -> partition.equals(r.get(ParquetRows.PARTITION))).collect(Collectors.toList());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether both tables have their marker in the partition. */
        boolean marked(String partition) {
            return Files.exists(readings.readingsDir.resolve(partition).resolve(PartitionCommitter.SUCCESS_FILE))
                    && Files.exists(aggregatesDir.resolve(partition).resolve(PartitionCommitter.SUCCESS_FILE));
        }
    }
}
