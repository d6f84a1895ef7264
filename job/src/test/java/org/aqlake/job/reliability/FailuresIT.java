package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures on a cluster of two TaskManagers, each running one subtask: a task failure, then the loss of
 * one TaskManager (the job restores from its last checkpoint on the slots left), then the TaskManager
 * back. Every row is counted once in every table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailuresIT extends EveryRowCounted {

    static final int RECORDS = 3_000;
    static final int CHUNKS = 4;
    static final int TASK_MANAGERS = 2;
    static final Duration CHECKPOINTS = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder()
            .taskManagers(TASK_MANAGERS)
            .clusterConfiguration(FaultyLake::clusterConfig)
            .kinesis()
            .build();

    private Path work;

    private FaultyLake lake;
    private List<TestRecord> input;
    private LakeCount count;
    private JobStatus drained;
    private long restarts;
    private long restartsAfterTaskFailure;

    @BeforeAll
    void failATaskAndLoseATaskManager(@InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        this.work = work;
        long started = System.nanoTime();
        FailOnDemand.reset();
        lake = new FaultyLake("failures-it", work, 2);
        input = TestReadings.mixed("fl-", RECORDS);
        int chunk = RECORDS / CHUNKS;
        JobClient job = lake.start(LakeTestJob.environment(cluster), CHECKPOINTS,
                s -> s.map(new FailOnDemand()).uid(FailOnDemand.UID).name("Fail on demand"));
        try {
            lake.send(input.subList(0, chunk));
            lake.awaitCommittedRaw(chunk, TIMEOUT, () -> true);

            FailOnDemand.arm();
            lake.send(input.subList(chunk, 2 * chunk));
            lake.awaitCommittedRaw(2 * chunk, TIMEOUT, () -> FailOnDemand.failures() == 1);
            restartsAfterTaskFailure = FaultyLake.restarts(LAKE.metrics(), job.getJobID());

            // the TaskManager goes while the next records are being read
            lake.send(input.subList(2 * chunk, 3 * chunk));
            cluster.terminateTaskManager(0).get();
            lake.awaitCommittedRaw(3 * chunk, TIMEOUT, () -> true);
            cluster.startTaskManager();

            lake.send(input.subList(3 * chunk, RECORDS));
            lake.awaitCommittedRaw(RECORDS, TIMEOUT, () -> true);
            FaultyLake.awaitCheckpoints(cluster, job.getJobID(), 3, TIMEOUT);
            restarts = FaultyLake.restarts(LAKE.metrics(), job.getJobID());
            drained = LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
        }
        count = LakeCount.of(lake.copy("final"), input);
        FaultReport.write("FailuresIT", String.format(Locale.ROOT,
                "records %,d; %d TaskManagers; a task failure, then TaskManager 0 terminated and a new one started;"
                        + " job restarts %d (%d after the task failure); records processed with replays %,d;"
                        + " listings %,d, uncommitted seen %d; %.0f s",
                RECORDS, TASK_MANAGERS, restarts, restartsAfterTaskFailure, FailOnDemand.seen(),
                lake.listings.get(), lake.uncommittedSeen.size(), (System.nanoTime() - started) / 1e9), count);
    }

    @AfterAll
    void stop() throws Exception {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void theJobRestartedOnceForTheTaskAndOnceForTheTaskManager() {
        assertThat(FailOnDemand.failures()).isEqualTo(1);
        assertThat(restartsAfterTaskFailure).isGreaterThanOrEqualTo(1);
        assertThat(restarts).isGreaterThan(restartsAfterTaskFailure);
        assertThat(FailOnDemand.seen()).as("records processed, replays included").isGreaterThan(RECORDS);
    }

    @Override
    LakeCount count() {
        return count;
    }

    @Override
    FaultyLake lake() {
        return lake;
    }

    @Override
    JobStatus drained() {
        return drained;
    }
}
