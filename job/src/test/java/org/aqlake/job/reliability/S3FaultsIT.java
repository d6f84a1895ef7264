package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 faults between the job and a real S3Proxy, one after the other while records flow: the endpoint
 * unreachable (every connection reset; {@code -Dfaults.s3.outage=60s} for the full minute), 503
 * SlowDown on every request, 500 InternalError, answers held back 2 s each, and S3 itself killed and
 * restarted. Afterwards every record is counted in every table: none lost, none twice, and the reader
 * that listed the lake every 100 ms never saw a file that was not committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3FaultsIT extends EveryRowCounted {

    static final int RECORDS = 3_000;
    static final int CHUNKS = 6;
    static final Duration OUTAGE = Duration.parse("PT" + System.getProperty("faults.s3.outage", "15s").toUpperCase());
    static final Duration ERRORS = Duration.ofSeconds(5);
    static final Duration SLOW_ANSWER = Duration.ofSeconds(2);
    static final Duration SLOW_FOR = Duration.ofSeconds(8);
    static final Duration KILLED_FOR = Duration.ofSeconds(5);
    static final Duration CHECKPOINTS = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder()
            .clusterConfiguration(FaultyLake::clusterConfig)
            .kinesis()
            .build();

    private Path work;

    private FaultyLake lake;
    private List<TestRecord> input;
    private LakeCount count;
    private JobStatus drained;
    private long restarts;
    private Map<String, Long> faulted;
    private long requestsWhileSlow;
    private long s3Requests;
    /** Job restarts by the fault during which they happened. */
    static final Map<String, Long> RESTARTS = new java.util.LinkedHashMap<>();

    @BeforeAll
    void runThroughEveryS3Fault(@InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        this.work = work;
        long started = System.nanoTime();
        lake = new FaultyLake("s3-faults-it", work, 2);
        input = TestReadings.mixed("s3f-", RECORDS);
        int chunk = RECORDS / CHUNKS;
        JobClient job = lake.start(LakeTestJob.environment(cluster), CHECKPOINTS, s -> s);
        try {
            lake.send(input.subList(0, chunk));
            lake.awaitCommittedRaw(chunk, TIMEOUT, () -> true);

            lake.s3Proxy.unreachable();
            lake.send(input.subList(chunk, 2 * chunk));
            Thread.sleep(OUTAGE.toMillis());
            lake.s3Proxy.heal();
            phase(job, "unreachable");

            lake.s3Proxy.s3Error(503, "SlowDown");
            lake.send(input.subList(2 * chunk, 3 * chunk));
            holdUntilAnswered("s3-SlowDown");
            lake.s3Proxy.heal();
            phase(job, "503");

            lake.s3Proxy.s3Error(500, "InternalError");
            lake.send(input.subList(3 * chunk, 4 * chunk));
            holdUntilAnswered("s3-InternalError");
            lake.s3Proxy.heal();
            phase(job, "500");

            long before = lake.s3Proxy.seenTotal();
            lake.s3Proxy.slow(SLOW_ANSWER);
            lake.send(input.subList(4 * chunk, 5 * chunk));
            Thread.sleep(SLOW_FOR.toMillis());
            lake.s3Proxy.heal();
            requestsWhileSlow = lake.s3Proxy.seenTotal() - before;
            phase(job, "slow");

            lake.s3.kill();
            lake.send(input.subList(5 * chunk, RECORDS));
            Thread.sleep(KILLED_FOR.toMillis());
            lake.s3.restart();
            phase(job, "killed");

            lake.awaitCommittedRaw(RECORDS, TIMEOUT, () -> true);
            FaultyLake.awaitCheckpoints(cluster, job.getJobID(), 3, TIMEOUT);
            restarts = FaultyLake.restarts(LAKE.metrics(), job.getJobID());
            drained = LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
        }
        faulted = lake.s3Proxy.faulted();
        s3Requests = lake.s3Proxy.seenTotal();
        count = LakeCount.of(lake.copy("final"), input);
        FaultReport.write("S3FaultsIT", String.format(java.util.Locale.ROOT,
                "records %,d; S3 unreachable %s, 503 SlowDown %s, 500 %s, answers delayed %d ms for %s, S3 killed"
                        + " %s; job restarts %d %s; S3 requests through the proxy %,d, answered by a fault %s,"
                        + " %d while slow; listings %,d, uncommitted seen %d; %.0f s",
                RECORDS, OUTAGE, ERRORS, ERRORS, SLOW_ANSWER.toMillis(), SLOW_FOR, KILLED_FOR, restarts, RESTARTS, s3Requests,
                faulted, requestsWhileSlow, lake.listings.get(), lake.uncommittedSeen.size(),
                (System.nanoTime() - started) / 1e9), count);
    }

    /** Notes the restarts since the previous fault. */
    void phase(JobClient job, String fault) {
        long total = FaultyLake.restarts(LAKE.metrics(), job.getJobID());
        RESTARTS.put(fault, total - RESTARTS.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Keeps the fault on for {@link #ERRORS}, and then until it has answered a request of the job: whether
     * the job writes to S3 within a fixed time depends on the machine's speed.
     */
    private void holdUntilAnswered(String fault) throws InterruptedException {
        Thread.sleep(ERRORS.toMillis());
        Polling.await(TIMEOUT, "a request of the job answered with " + fault,
                () -> lake.s3Proxy.faulted().getOrDefault(fault, 0L) > 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void everyFaultReallyAnsweredTheJobsRequests() {
        assertThat(faulted.getOrDefault("s3-SlowDown", 0L)).as("503 SlowDown answers").isPositive();
        assertThat(faulted.getOrDefault("s3-InternalError", 0L)).as("500 answers").isPositive();
        assertThat(faulted.getOrDefault("slow", 0L)).as("delayed answers").isPositive();
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
