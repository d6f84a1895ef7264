package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.sink.PartitionCommitter;
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

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resharding while records flow: a split, a merge of the split's children, UpdateShardCount, and a
 * task failure right after a second split, restored from the checkpoint taken around it. Every row is
 * counted once, and the readings table's hour partitions still get their _SUCCESS markers before the
 * drain: event time went on after the parents closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReshardingIT extends EveryRowCounted {

    static final int RECORDS = 3_000;
    static final int CHUNKS = 5;
    static final int SHARDS = 2;
    static final int SCALED_SHARDS = 4;
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
    private int shardsAtTheEnd;
    private long markersBeforeDrain;

    @BeforeAll
    void reshardWhileRecordsFlow(@InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        this.work = work;
        long started = System.nanoTime();
        FailOnDemand.reset();
        lake = new FaultyLake("resharding-it", work, SHARDS);
        KinesisClient kinesis = lake.kinesis;
        String stream = lake.stream;
        input = TestReadings.mixed("rs-", RECORDS);
        int chunk = RECORDS / CHUNKS;
        JobClient job = lake.start(LakeTestJob.environment(cluster), CHECKPOINTS,
                s -> s.map(new FailOnDemand()).uid(FailOnDemand.UID).name("Fail on demand"));
        try {
            lake.send(input.subList(0, chunk));
            lake.awaitCommittedRaw(chunk, TIMEOUT, () -> true);

            Shard parent = open(kinesis, stream).get(0);
            split(kinesis, stream, parent);
            lake.send(input.subList(chunk, 2 * chunk));

            List<Shard> children = open(kinesis, stream).stream()
                    .filter(s -> parent.shardId().equals(s.parentShardId())).collect(Collectors.toList());
            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge(children.get(0).shardId())
                    .adjacentShardToMerge(children.get(1).shardId()));
            awaitActive(kinesis, stream);
            lake.send(input.subList(2 * chunk, 3 * chunk));

            kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(SCALED_SHARDS)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            awaitActive(kinesis, stream);
            lake.send(input.subList(3 * chunk, 4 * chunk));
            lake.awaitCommittedRaw(4 * chunk, TIMEOUT, () -> true);

            split(kinesis, stream, open(kinesis, stream).get(0));
            FailOnDemand.arm();
            lake.send(input.subList(4 * chunk, RECORDS));
            lake.awaitCommittedRaw(RECORDS, TIMEOUT, () -> FailOnDemand.failures() == 1);
            FaultyLake.awaitCheckpoints(cluster, job.getJobID(), 3, TIMEOUT);
            shardsAtTheEnd = open(kinesis, stream).size();
            // a partition's _SUCCESS follows its compacted file, which comes every few checkpoints: wait for one
            Polling.await(TIMEOUT, "a readings partition with _SUCCESS before the drain",
                    () -> successMarkers(stream) > 0, () -> "checkpoints: "
                            + LakeTestJob.completedCheckpoints(cluster, job.getJobID()));
            markersBeforeDrain = successMarkers(stream);
            restarts = FaultyLake.restarts(LAKE.metrics(), job.getJobID());
            drained = LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
        }
        count = LakeCount.of(lake.copy("final"), input);
        FaultReport.write("ReshardingIT", String.format(Locale.ROOT,
                "records %,d; %d shards, split, merge of its children, UpdateShardCount to %d, split and a task"
                        + " failure right after it; %d open shards at the end; task failures %d, job restarts %d;"
                        + " readings partitions with _SUCCESS before the drain %d; listings %,d, uncommitted seen"
                        + " %d; %.0f s",
                RECORDS, SHARDS, SCALED_SHARDS, shardsAtTheEnd, FailOnDemand.failures(), restarts,
                markersBeforeDrain, lake.listings.get(), lake.uncommittedSeen.size(),
                (System.nanoTime() - started) / 1e9), count);
    }

    static List<Shard> open(KinesisClient kinesis, String stream) {
        return kinesis.listShards(b -> b.streamName(stream)).shards().stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).collect(Collectors.toList());
    }

    static void split(KinesisClient kinesis, String stream, Shard shard) throws InterruptedException {
        BigInteger lo = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger hi = new BigInteger(shard.hashKeyRange().endingHashKey());
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit(shard.shardId())
                .newStartingHashKey(lo.add(hi).shiftRight(1).toString()));
        awaitActive(kinesis, stream);
    }

    static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        Polling.await(Duration.ofSeconds(30), "stream ACTIVE", () -> kinesis.describeStreamSummary(
                b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    @AfterAll
    void stop() throws Exception {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void theStreamWasReshardedAndTheJobFailedRightAfterASplit() {
        assertThat(shardsAtTheEnd).isEqualTo(SCALED_SHARDS + 1);
        assertThat(FailOnDemand.failures()).isEqualTo(1);
        assertThat(restarts).isGreaterThanOrEqualTo(1);
    }

    @Test
    void eventTimeWentOnAfterTheParentShardsClosed() {
        assertThat(markersBeforeDrain).isPositive();
    }

    long successMarkers(String stream) {
        return lake.s3.list(LakeTestJob.TRANSFORMED_BUCKET, stream + "/readings/").stream()
                .filter(k -> k.endsWith("/" + PartitionCommitter.SUCCESS_FILE)).count();
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
