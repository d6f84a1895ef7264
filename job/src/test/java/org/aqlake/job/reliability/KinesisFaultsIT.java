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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kinesis faults between the job's consumer and kinesis-local, one after the other while records flow:
 * the endpoint unreachable (every connection reset; {@code -Dfaults.kinesis.outage=60s} for the issue's
 * full minute), GetRecords throttled (ProvisionedThroughputExceededException), ListShards and
 * GetShardIterator refused (LimitExceededException), and GetRecords answering ExpiredIteratorException.
 * The producer writes straight to kinesis-local, each record once, so every duplicate would be the
 * consumer's. Outcome: every row counted once, and the consumer backs off while throttled (it polls
 * GetRecords less often than it did before the throttling).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KinesisFaultsIT extends EveryRowCounted {

    static final int RECORDS = 3_000;
    static final int CHUNKS = 5;
    static final int SHARDS = 2;
    static final Duration OUTAGE =
            Duration.parse("PT" + System.getProperty("faults.kinesis.outage", "15s").toUpperCase(Locale.ROOT));
    static final Duration BASELINE = Duration.ofSeconds(4);
    static final Duration THROTTLED = Duration.ofSeconds(4);
    static final Duration LIMITED = Duration.ofSeconds(4);
    static final Duration EXPIRED = Duration.ofSeconds(2);
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
    private double pollsPerSecondBefore;
    private double pollsPerSecondThrottled;
    private long iteratorsAfterExpiry;
    private Map<String, Long> faulted;
    /** Job restarts by the fault during which they happened. */
    static final Map<String, Long> RESTARTS = new java.util.LinkedHashMap<>();

    @BeforeAll
    void runThroughEveryKinesisFault(@InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        this.work = work;
        long started = System.nanoTime();
        lake = new FaultyLake("kinesis-faults-it", work, SHARDS);
        FaultProxy kinesis = lake.kinesisProxy;
        input = TestReadings.mixed("kf-", RECORDS);
        int chunk = RECORDS / CHUNKS;
        JobClient job = lake.start(LakeTestJob.environment(cluster), CHECKPOINTS, s -> s);
        try {
            lake.send(input.subList(0, chunk));
            lake.awaitCommittedRaw(chunk, TIMEOUT, () -> true);
            long polls = kinesis.seen("GetRecords");
            Thread.sleep(BASELINE.toMillis());
            pollsPerSecondBefore = (kinesis.seen("GetRecords") - polls) * 1000.0 / BASELINE.toMillis();

            kinesis.unreachable();
            lake.send(input.subList(chunk, 2 * chunk));
            Thread.sleep(OUTAGE.toMillis());
            kinesis.heal();
            phase(job, "unreachable");

            lake.send(input.subList(2 * chunk, 3 * chunk));
            polls = kinesis.seen("GetRecords");
            kinesis.kinesisError("GetRecords", "ProvisionedThroughputExceededException");
            Thread.sleep(THROTTLED.toMillis());
            kinesis.heal();
            pollsPerSecondThrottled = (kinesis.seen("GetRecords") - polls) * 1000.0 / THROTTLED.toMillis();
            phase(job, "throttled");

            lake.send(input.subList(3 * chunk, 4 * chunk));
            kinesis.kinesisError("ListShards", "LimitExceededException");
            kinesis.kinesisError("GetShardIterator", "LimitExceededException");
            Thread.sleep(LIMITED.toMillis());
            kinesis.heal();
            phase(job, "limit-exceeded");

            lake.send(input.subList(4 * chunk, RECORDS));
            long iterators = kinesis.seen("GetShardIterator");
            kinesis.kinesisError("GetRecords", "ExpiredIteratorException");
            Thread.sleep(EXPIRED.toMillis());
            kinesis.heal();
            lake.awaitCommittedRaw(RECORDS, TIMEOUT, () -> true);
            iteratorsAfterExpiry = kinesis.seen("GetShardIterator") - iterators;
            phase(job, "expired-iterator");

            FaultyLake.awaitCheckpoints(cluster, job.getJobID(), 3, TIMEOUT);
            restarts = FaultyLake.restarts(LAKE.metrics(), job.getJobID());
            drained = LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
        }
        faulted = kinesis.faulted();
        count = LakeCount.of(lake.copy("final"), input);
        FaultReport.write("KinesisFaultsIT", String.format(Locale.ROOT,
                "records %,d on %d shards; Kinesis unreachable %s, GetRecords throttled %s, ListShards and"
                        + " GetShardIterator LimitExceeded %s, ExpiredIterator %s; job restarts %d; GetRecords/s"
                        + " %.1f before, %.1f throttled; GetShardIterator calls after the expiry %d; answered by a"
                        + " fault %s; restarts by fault %s; requests %s; listings %,d, uncommitted seen %d; %.0f s",
                RECORDS, SHARDS, OUTAGE, THROTTLED, LIMITED, EXPIRED, restarts, pollsPerSecondBefore,
                pollsPerSecondThrottled, iteratorsAfterExpiry, faulted, RESTARTS, kinesis.seen(), lake.listings.get(),
                lake.uncommittedSeen.size(), (System.nanoTime() - started) / 1e9), count);
    }

    /** Notes the restarts since the previous fault. */
    void phase(JobClient job, String fault) {
        long total = FaultyLake.restarts(LAKE.metrics(), job.getJobID());
        RESTARTS.put(fault, total - RESTARTS.values().stream().mapToLong(Long::longValue).sum());
    }

    @AfterAll
    void stop() throws Exception {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void everyInjectedErrorReallyAnsweredTheConsumer() {
        assertThat(faulted.getOrDefault("kinesis-ProvisionedThroughputExceededException", 0L)).isPositive();
        assertThat(faulted.getOrDefault("kinesis-ExpiredIteratorException", 0L)).isPositive();
    }

    @Test
    void theConsumerBacksOffWhileThrottled() {
        assertThat(pollsPerSecondBefore).isPositive();
        assertThat(pollsPerSecondThrottled).isLessThan(pollsPerSecondBefore / 2);
    }

    @Test
    void theConsumerAsksForNewIteratorsAfterTheyExpired() {
        assertThat(iteratorsAfterExpiry).isGreaterThanOrEqualTo(SHARDS);
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
