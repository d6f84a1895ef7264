package org.aqlake.job;

import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.ParquetRows;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade as it happens on Managed Flink: the job runs, is stopped with a savepoint (what
 * {@code aws kinesisanalyticsv2 stop-application} does with snapshots enabled), a setting that is not
 * state changes (the Parquet codec, ZSTD to SNAPPY), and the job restarts from the savepoint. Records
 * sent before the stop, while the job was down, and after the restart must each end up in the lake
 * exactly once.
 *
 * <p>Why it can go wrong: every operator finds its state in the savepoint by uid. If the source's uid
 * changed, the new run would start from the initial position (TRIM_HORIZON here) and write the first
 * records a second time; if a sink's changed, the files pending at the stop would be lost. The restore
 * runs without allowNonRestoredState, so state left without an operator fails the restore outright.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavepointUpgradeIT {

    static final String STREAM = "savepoint-upgrade-it";
    static final int SHARDS = 2;
    static final int BEFORE_STOP = 1_500;
    static final int WHILE_STOPPED = 1_000;
    static final int AFTER_RESTART = 1_500;
    static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().kinesis().s3().build();

    // what the two runs of the job were given and left: set before all tests, which only read it
    private Path work;
    private final List<TestRecord> input = new ArrayList<>();
    private String savepoint;
    private long rowsCommittedBeforeStop;
    private RestoredCheckpointStats restoredFrom;
    private LakeContents lake;

    @BeforeAll
    void runStopWithSavepointChangeTheCodecAndRestore(@InjectMiniCluster MiniCluster cluster, @TempDir Path work)
            throws Exception {
        this.work = work;

        List<TestRecord> beforeStop = TestReadings.mixed("before-stop-", BEFORE_STOP);
        List<TestRecord> whileStopped = TestReadings.mixed("while-stopped-", WHILE_STOPPED);
        List<TestRecord> afterRestart = TestReadings.mixed("after-restart-", AFTER_RESTART);
        Stream.of(beforeStop, whileStopped, afterRestart).forEach(input::addAll);

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SHARDS);

            // run 1: the release in production, ZSTD
            JobClient first = start(cluster, config("ZSTD"), null);
            KinesisEmulator.put(kinesis, STREAM, beforeStop);
            // stop while there is state worth keeping: some files committed, the shards part-read
            Polling.await(TIMEOUT, "the first rows committed", () -> committedRows() > 0);
            savepoint = first.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            rowsCommittedBeforeStop = committedRows();

            // the job is down: these wait in the stream, after the sequence numbers in the savepoint
            KinesisEmulator.put(kinesis, STREAM, whileStopped);

            // run 2: the upgrade, SNAPPY, restored from the savepoint
            JobClient second = start(cluster, config("SNAPPY"), savepoint);
            try {
                KinesisEmulator.put(kinesis, STREAM, afterRestart);
                // no consent registry here: the community readings are denied, the exempt ones are rows
                long expectedRows = input.stream().filter(TestRecord::rowWithoutConsent).count();
                long expectedDeadLetters = input.stream().filter(r -> !r.valid()).count();
                Polling.await(TIMEOUT, "every record of the three batches committed",
                        () -> committedRows() >= expectedRows && committed(expectedRows, expectedDeadLetters),
                        () -> "rows " + committedRows() + " of " + expectedRows);
                long done = LakeTestJob.completedCheckpoints(cluster, second.getJobID());
                // a few more checkpoints: a duplicate, if any, would have been committed by then
                Polling.await(Duration.ofSeconds(60), "three more checkpoints",
                        () -> LakeTestJob.completedCheckpoints(cluster, second.getJobID()) >= done + 3);
                restoredFrom = restoredCheckpoint(cluster, second.getJobID());
            } finally {
                LakeTestJob.cancel(second);
            }
        }
        lake = copyLake("final");
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void theSecondRunStartedFromTheSavepointOfTheFirst() {
        assertThat(savepoint).isNotBlank();
        assertThat(restoredFrom).as("the restored checkpoint of run 2").isNotNull();
        assertThat(restoredFrom.getExternalPath()).isEqualTo(savepoint);
        assertThat(rowsCommittedBeforeStop).isPositive();
    }

    @Test
    void everyValidRecordIsOneRowAcrossBothRuns() throws IOException {
        assertExactlyOnce("rows", lake.readings(), "device_id",
                ids(input.stream().filter(TestRecord::rowWithoutConsent)));
    }

    @Test
    void everyInvalidRecordIsOneDeadLetterAcrossBothRuns() throws IOException {
        List<Map<String, Object>> byId = lake.deadLetterIds().stream().map(id -> Map.<String, Object>of("id",
                String.valueOf(id))).collect(Collectors.toList());
        assertExactlyOnce("dead letters", byId, "id", ids(input.stream().filter(r -> !r.valid())));
    }

    @Test
    void everyPayloadIsInTheRawArchiveOnceAcrossBothRuns() throws IOException {
        assertExactlyOnce("raw lines", lake.raw(), "partition_key", ids(input.stream()));
    }

    @Test
    void theCodecChangeTookEffectWithoutTouchingTheFilesAlreadyWritten() throws IOException {
        Set<String> suffixes = ParquetRows.files(lake.readingsDir, ".parquet").stream()
                .map(f -> f.getFileName().toString())
                .map(name -> name.substring(name.indexOf('.', name.lastIndexOf('-')) + 1))
                .collect(Collectors.toSet());

        // ZSTD files from run 1 stay as they were, run 2 writes SNAPPY; readers see both as one table
        assertThat(suffixes).containsExactlyInAnyOrder("zstd.parquet", "snappy.parquet");
    }

    // ---------------------------------------------------------------- helpers

    static Set<String> ids(Stream<TestRecord> records) {
        return records.map(r -> r.id).collect(Collectors.toSet());
    }

    /** Each expected id found once: reports the counts and a few examples rather than thousands of ids. */
    static void assertExactlyOnce(String what, List<Map<String, Object>> found, String idField, Set<String> expected) {
        Map<String, Long> perId = found.stream()
                .collect(Collectors.groupingBy(r -> String.valueOf(r.get(idField)), Collectors.counting()));
        List<String> duplicated = perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().collect(Collectors.toList());
        List<String> missing = expected.stream().filter(id -> !perId.containsKey(id)).sorted()
                .collect(Collectors.toList());
        List<String> unexpected = perId.keySet().stream().filter(id -> !expected.contains(id)).sorted()
                .collect(Collectors.toList());

        assertThat(duplicated.size()).as("%s written more than once, e.g. %s", what, first(duplicated)).isZero();
        assertThat(missing.size()).as("%s lost, e.g. %s", what, first(missing)).isZero();
        assertThat(unexpected.size()).as("%s nobody sent, e.g. %s", what, first(unexpected)).isZero();
        assertThat(found).hasSize(expected.size());
    }

    static List<String> first(List<String> ids) {
        return ids.subList(0, Math.min(5, ids.size()));
    }

    static Map<String, String> config(String codec) {
        Map<String, String> c = LakeTestJob.config(STREAM);
        c.put("lake.parquet-compression", codec);
        return c;
    }

    /** The job as AqLakeJob builds it, optionally restored from a savepoint, as Managed Flink restores it. */
    static JobClient start(MiniCluster cluster, Map<String, String> config, String restoreFrom) throws Exception {
        JobConfig cfg = JobConfig.from(config);
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        AqLakeJob.configure(env, cfg); // the job's own settings (object reuse), as it runs
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        StreamGraph graph = env.getStreamGraph();
        if (restoreFrom != null) {
            // allowNonRestoredState=false: state that finds no operator (a renamed uid) fails the restore
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
        }
        return env.executeAsync(graph);
    }

    static RestoredCheckpointStats restoredCheckpoint(MiniCluster cluster, JobID job) throws Exception {
        CheckpointStatsSnapshot stats = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
        return stats == null ? null : stats.getLatestRestoredCheckpoint();
    }

    long committedRows() {
        try {
            return copyLake("poll-" + System.nanoTime()).readings().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run is complete when the raw archive covers every record and rows and dead letters are all there. */
    boolean committed(long rows, long deadLetters) {
        try {
            LakeContents now = copyLake("lines-" + System.nanoTime());
            return now.raw().size() >= input.size() && now.readings().size() >= rows
                    && now.deadLetters().size() >= deadLetters;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a reader finds of the lake now, in a new folder under {@code lake/} whose name starts with {@code name}. */
    LakeContents copyLake(String name) throws IOException {
        return LAKE.copyLake(STREAM, work.resolve("lake").resolve(name));
    }
}
