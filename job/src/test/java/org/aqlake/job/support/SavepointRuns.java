package org.aqlake.job.support;

import org.apache.flink.FlinkVersion;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.JobSinks;
import org.aqlake.job.config.JobConfig;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The two runs around the savepoint of {@link SavepointScenario}: the one that makes it and the restore. */
public final class SavepointRuns {

    public static final int SHARDS = 2;
    public static final long CHECKPOINT_MILLIS = 500;
    /** Checkpoints with nothing new in between, so that every file is committed and no sink holds one. */
    public static final int QUIET_CHECKPOINTS = 3;
    public static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String STREAM = "savepoint-generator";
    static final String CONSENT_STREAM = "savepoint-generator-consent";

    private SavepointRuns() {}

    /** The job as AqLakeJob builds it, optionally restored, without allowNonRestoredState. */
    public static JobClient start(MiniCluster cluster, Map<String, String> config, String restoreFrom)
            throws Exception {
        JobConfig cfg = JobConfig.from(config);
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        StreamGraph graph = env.getStreamGraph();
        if (restoreFrom != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
        }
        return env.executeAsync(graph);
    }

    /** Fails at once with the job's own error when it has ended (a restore refused), rather than at a timeout. */
    public static void assertRunning(JobClient job) {
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

    /**
     * Runs the job as it is at this commit on a mini-cluster of its own over {@link
     * SavepointScenario#beforeSavepoint}, and stops it with a savepoint without drain, so that windows stay open
     * and held readings held; the savepoint goes to {@code <root>/aq-lake-<jobVersion>-flink<version>}.
     */
    public static Path generate(FlinkVersion version, String jobVersion, Path root) throws Exception {
        Path target = root.resolve("aq-lake-" + jobVersion + "-flink" + version);
        Path scratch = Files.createTempDirectory("savepoint-generator");
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(LakeTestJob.PARALLELISM).build());
        try (AutoCloseable emulator = KinesisEmulator.startStandalone(); EmbeddedS3 s3 = SavepointLake.startS3();
                KinesisClient kinesis = KinesisEmulator.client()) {
            cluster.start();
            KinesisEmulator.createStream(kinesis, STREAM, SHARDS);
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            KinesisEmulator.put(kinesis, CONSENT_STREAM, SavepointScenario.consentRecords());
            List<TestRecord> records = SavepointScenario.beforeSavepoint();
            KinesisEmulator.put(kinesis, STREAM, records);
            JobClient job = start(cluster, SavepointScenario.config(STREAM, CONSENT_STREAM), null);
            String held = SavepointScenario.heldReading().id;
            long passed = records.stream().filter(r -> r.valid() && !r.id.equals(held)).count();
            Polling.await(TIMEOUT, "every record read, its rows and hour 0's aggregates committed", () -> {
                assertRunning(job);
                SavepointLake now = SavepointLake.copy(s3, scratch.resolve("poll-" + System.nanoTime()));
                return now.raw().size() == records.size() && now.rows().size() == passed
                        && !now.aggregates(SavepointScenario.PARTITION_H0).isEmpty();
            });
            long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
            Polling.await(Duration.ofSeconds(60), "quiet checkpoints",
                    () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID()) >= done + QUIET_CHECKPOINTS);
            String savepoint = job.stopWithSavepoint(false, scratch.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            SavepointLake before = SavepointLake.copy(s3, scratch.resolve("final"));
            if (before.marked(SavepointScenario.PARTITION_H0) || before.rows().size() != passed) {
                throw new IllegalStateException("the job went on after its input ended: not the state meant");
            }
            replace(target, Path.of(URI.create(savepoint)));
            return target;
        } finally {
            cluster.close();
            FileSystem.initialize(new Configuration(), null);
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
}
