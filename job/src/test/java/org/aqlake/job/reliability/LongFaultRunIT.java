package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.model.ScalingType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long fault run of RELIABILITY.md ({@code ./bench/faults}; not in {@code mvn verify}): by default
 * 100,000 records through the job on two TaskManagers while, between chunks of them, it suffers three
 * task failures (one right after a split), the loss of a TaskManager, S3 and Kinesis unreachable for
 * 60 s each, S3 killed and restarted, 503 SlowDown, a split and UpdateShardCount, and a crash of the
 * whole cluster followed by a new cluster resuming from the last retained checkpoint. Then every row of
 * every table is counted.
 */
@ExtendWith(KinesisEmulator.class)
@EnabledIfSystemProperty(named = "faults.long", matches = "true")
class LongFaultRunIT {

    static final int RECORDS = Integer.getInteger("faults.records", 100_000);
    static final Duration OUTAGE =
            Duration.parse("PT" + System.getProperty("faults.outage", "60s").toUpperCase(Locale.ROOT));
    static final int CHUNKS = 10;
    static final int SHARDS = 4;
    static final int TASK_MANAGERS = 2;
    static final Duration CHECKPOINTS = Duration.ofSeconds(1);
    static final Duration SLOWDOWN = Duration.ofSeconds(10);
    static final Duration KILLED_FOR = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofMinutes(15);
    static final Duration POLL = Duration.ofSeconds(5);

    @TempDir
    Path work;

    final List<String> injected = new ArrayList<>();
    long restarts;

    @Test
    void everyRecordIsCountedOnceAfterEveryFault() throws Exception {
        long started = System.nanoTime();
        FailOnDemand.reset();
        Path checkpoints = Files.createDirectories(work.resolve("checkpoints"));
        MiniCluster cluster = cluster(checkpoints);
        FaultyLake lake = new FaultyLake("long-fault-run", work, SHARDS);
        lake.pollEvery = POLL;
        List<TestRecord> input = TestReadings.mixed("lf-", RECORDS);
        int chunk = RECORDS / CHUNKS;
        LakeCount count;
        JobStatus drained;
        try {
            JobClient job = start(lake, cluster, checkpoints, null);
            int sent = 0;

            sent = send(lake, input, sent, chunk);
            lake.awaitCommittedRaw(sent, TIMEOUT, () -> true);
            FailOnDemand.arm();
            sent = send(lake, input, sent, chunk);
            lake.awaitCommittedRaw(sent, TIMEOUT, () -> FailOnDemand.failures() == 1);
            injected.add("task failure");

            cluster.terminateTaskManager(0).get();
            sent = send(lake, input, sent, chunk);
            lake.awaitCommittedRaw(sent, TIMEOUT, () -> true);
            cluster.startTaskManager();
            injected.add("loss of one of two TaskManagers");

            lake.s3Proxy.unreachable();
            sent = send(lake, input, sent, chunk);
            Thread.sleep(OUTAGE.toMillis());
            lake.s3Proxy.heal();
            injected.add("S3 unreachable " + OUTAGE.toSeconds() + " s");

            lake.kinesisProxy.unreachable();
            sent = send(lake, input, sent, chunk);
            Thread.sleep(OUTAGE.toMillis());
            lake.kinesisProxy.heal();
            injected.add("Kinesis unreachable " + OUTAGE.toSeconds() + " s");
            lake.awaitCommittedRaw(sent, TIMEOUT, () -> true);

            ReshardingIT.split(lake.kinesis, lake.stream, ReshardingIT.open(lake.kinesis, lake.stream).get(0));
            FailOnDemand.arm();
            sent = send(lake, input, sent, chunk);
            lake.awaitCommittedRaw(sent, TIMEOUT, () -> FailOnDemand.failures() == 2);
            injected.add("split, and a task failure right after it");

            // the whole process dies: no savepoint, no final checkpoint; a new cluster resumes from the last
            // retained checkpoint, as a restarted application would
            sent = send(lake, input, sent, chunk);
            FaultyLake.awaitCheckpoints(cluster, job.getJobID(), 2, TIMEOUT);
            JobID crashed = job.getJobID();
            restarts += FaultyLake.restarts(REPORTER, crashed);
            cluster.close();
            Path retained = lastRetainedCheckpoint(checkpoints.resolve(crashed.toString()));
            cluster = cluster(checkpoints);
            lake.useFileSystem();
            job = start(lake, cluster, checkpoints, retained);
            injected.add("crash of the whole cluster, resumed from " + checkpoints.relativize(retained));
            lake.awaitCommittedRaw(sent, TIMEOUT, () -> true);

            lake.s3.kill();
            sent = send(lake, input, sent, chunk);
            Thread.sleep(KILLED_FOR.toMillis());
            lake.s3.restart();
            injected.add("S3 killed for " + KILLED_FOR.toSeconds() + " s and restarted");
            lake.s3Proxy.s3Error(503, "SlowDown");
            Thread.sleep(SLOWDOWN.toMillis());
            lake.s3Proxy.heal();
            injected.add("503 SlowDown for " + SLOWDOWN.toSeconds() + " s");

            lake.kinesis.updateShardCount(b -> b.streamName(lake.stream).targetShardCount(SHARDS * 2)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            ReshardingIT.awaitActive(lake.kinesis, lake.stream);
            injected.add("UpdateShardCount to " + SHARDS * 2);
            sent = send(lake, input, sent, chunk);
            FailOnDemand.arm();
            sent = send(lake, input, sent, RECORDS - sent);
            lake.awaitCommittedRaw(RECORDS, TIMEOUT, () -> FailOnDemand.failures() == 3);
            injected.add("task failure");

            FaultyLake.awaitCheckpoints(cluster, job.getJobID(), 3, TIMEOUT);
            restarts += FaultyLake.restarts(REPORTER, job.getJobID());
            drained = LakeTestJob.drain(job, work.resolve("savepoints"));
            count = LakeCount.of(lake.copy("final"), input);
            FaultReport.write("LongFaultRunIT", String.format(Locale.ROOT,
                    "records %,d on %d shards, %d TaskManagers, checkpoints every %s; injected %d faults: %s;"
                            + " job restarts %d besides the crash; records processed with replays %,d; S3 requests"
                            + " %,d, Kinesis requests %,d through the proxies; listings %,d, uncommitted seen %d;"
                            + " drained %s; %.0f s",
                    RECORDS, SHARDS, TASK_MANAGERS, CHECKPOINTS, injected.size(), injected, restarts,
                    FailOnDemand.seen(), lake.s3Proxy.seenTotal(), lake.kinesisProxy.seenTotal(),
                    lake.listings.get(), lake.uncommittedSeen.size(), drained,
                    (System.nanoTime() - started) / 1e9), count);
        } finally {
            cluster.close();
            lake.close();
        }

        assertThat(injected).hasSizeGreaterThanOrEqualTo(10);
        assertThat(drained).isEqualTo(JobStatus.FINISHED);
        assertThat(count.readings.exact()).as(count.readings.toString()).isTrue();
        assertThat(count.deadLetters.exact()).as(count.deadLetters.toString()).isTrue();
        assertThat(count.raw.exact()).as(count.raw.toString()).isTrue();
        assertThat(count.aggregateMismatches).as(count.report()).isZero();
        assertThat(count.aggregateDuplicates).as(count.report()).isZero();
        assertThat(lake.uncommittedSeen).isEmpty();
    }

    static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    static MiniCluster cluster(Path checkpoints) throws Exception {
        Configuration c = FaultyLake.clusterConfig(REPORTER);
        c.setString("state.checkpoints.dir", checkpoints.toUri().toString());
        c.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(c)
                .setNumTaskManagers(TASK_MANAGERS)
                .setNumSlotsPerTaskManager(LakeTestJob.PARALLELISM)
                .build());
        cluster.start();
        return cluster;
    }

    static JobClient start(FaultyLake lake, MiniCluster cluster, Path checkpoints, Path restoreFrom)
            throws Exception {
        Configuration c = new Configuration();
        c.setString("state.checkpoints.dir", checkpoints.toUri().toString());
        c.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        if (restoreFrom != null) {
            c.setString("execution.savepoint.path", restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, c, LakeTestJob.PARALLELISM,
                Collections.emptyList(), Collections.emptyList());
        return lake.start(env, CHECKPOINTS,
                s -> s.map(new FailOnDemand()).uid(FailOnDemand.UID).name("Fail on demand"));
    }

    static int send(FaultyLake lake, List<TestRecord> input, int from, int n) throws InterruptedException {
        int to = Math.min(input.size(), from + n);
        lake.send(input.subList(from, to));
        return to;
    }

    /** The highest chk-N folder of the job that holds a completed checkpoint's _metadata. */
    static Path lastRetainedCheckpoint(Path jobDir) throws Exception {
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
                    .filter(d -> Files.exists(d.resolve("_metadata")))
                    .max((a, b) -> Integer.compare(number(a), number(b)))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
        }
    }

    static int number(Path chk) {
        return Integer.parseInt(chk.getFileName().toString().substring("chk-".length()));
    }
}
