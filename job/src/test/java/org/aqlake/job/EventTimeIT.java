package org.aqlake.job;

import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.ParquetRows;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestConsent;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time through the whole pipeline, reading the real Kinesis emulator, at source parallelism 1 so
 * that one consumer subtask reads every shard (the case where one watermark per subtask hurts). Each test
 * runs a job over readings sent in rounds, with a pause between rounds long enough for watermarks to go
 * out, then drains it and counts what the aggregation saw as late, and what the lake holds.
 *
 * <p>Event times are relative to the wall clock, since Kinesis stamps each record's arrival with it.
 */
class EventTimeIT {

    static final Logger LOG = LoggerFactory.getLogger(EventTimeIT.class);
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final int ROUNDS = 3;
    static final int PER_ROUND = 10;
    /** Several watermark intervals (200 ms) and Kinesis polls (100 ms). */
    static final Duration PAUSE = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    /**
     * Wider than the default hour so that the fast clock below lands past the end of the current hour
     * whenever the test runs: what a watermark it dragged would make late is then certain.
     */
    static final String MAX_FUTURE = "3 h";
    static final long FAST_CLOCK = 2 * HOUR + 50 * MINUTE;
    /** Two hours behind: its hour has ended before the other shard's watermark, whenever the test runs. */
    static final long LAG = 2 * HOUR;
    static final long CLOCK_RESET = 7_000L; // 1970-01-01T00:00:07Z
    /** Shorter than {@link #PAUSE}, so that the readings fall idle between rounds. */
    static final String QUIET_IDLENESS = "1 s";
    static final String PM25 = "pm25";
    static final String UGM3 = "\u00B5g/m\u00B3";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().kinesis().build();

    @TempDir
    Path dir;

    @Test
    void oneDeviceWithAFastClockMakesNoOtherReadingLateAndAClockResetTo1970IsADeadLetter(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String stream = "event-time-fast-clock";
        List<List<TestRecord>> rounds = new ArrayList<>();
        long start = System.currentTimeMillis();
        List<TestRecord> first = new ArrayList<>(onTime("on-time-0-", start));
        first.add(reading("fast-clock", 0, start + FAST_CLOCK));
        first.add(new TestRecord("clock-reset", TestReadings.utf8(TestReadings.openAq("clock-reset", 0, CLOCK_RESET,
                PM25, 12.0, UGM3)), ErrorType.VALUE_OUT_OF_RANGE, 0));
        rounds.add(first);
        Run run = run(cluster, stream, 1, rounds, r -> onTime("on-time-" + r + "-", System.currentTimeMillis()));

        assertThat(run.lateReadings).as("readings the aggregation saw after their window's rows").isZero();
        assertThat(run.revisions).as("aggregate corrections").isZero();
        assertThat(run.rows).hasSize(ROUNDS * PER_ROUND + 1);
        assertThat(run.rows).filteredOn(r -> "fast-clock".equals(r.get("device_id")))
                .singleElement().satisfies(r -> assertThat(r.get("event_time")).isEqualTo(start + FAST_CLOCK));
        assertThat(run.rows).noneSatisfy(r -> assertThat((String) r.get(ParquetRows.PARTITION)).contains("1970"));
        assertThat(run.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.get("partition_key")).isEqualTo("clock-reset");
            assertThat(d.get("error_type")).isEqualTo(ErrorType.VALUE_OUT_OF_RANGE.id());
            assertThat((String) d.get("reason")).contains("validation.min-event-time");
        });
        assertThat(run.outOfRangeMetric).isEqualTo(1);
    }

    @Test
    void aShardFallingTwoHoursBehindTheOtherInTheSameSubtaskHasNoReadingLate(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String stream = "event-time-lagging-shard";
        long start = System.currentTimeMillis();
        List<String> lagging = idsOnShard("lagging-", 0, ROUNDS * PER_ROUND);
        List<String> current = idsOnShard("current-", 1, ROUNDS * PER_ROUND);
        Run run = run(cluster, stream, 2, List.of(), r -> {
            List<TestRecord> round = new ArrayList<>();
            for (int i = 0; i < PER_ROUND; i++) {
                int n = r * PER_ROUND + i;
                long t = start - LAG + n * 1_000L;
                // both shards start together (each counts once it has read), then one falls behind
                round.add(reading(current.get(n), i, r == 0 ? t : t + LAG));
                round.add(reading(lagging.get(n), i, t));
            }
            return round;
        });

        Map<Object, Set<Object>> shardsByKind = run.rows.stream().collect(Collectors.groupingBy(
                row -> ((String) row.get("device_id")).split("-")[0],
                Collectors.mapping(row -> row.get("shard_id"), Collectors.toSet())));
        assertThat(shardsByKind.get("lagging")).as("the lagging readings all came from one shard").hasSize(1);
        assertThat(shardsByKind.get("current")).as("and the current ones from the other").hasSize(1)
                .doesNotContainAnyElementsOf(shardsByKind.get("lagging"));
        assertThat(run.rows).hasSize(ROUNDS * PER_ROUND * 2);
        assertThat(run.lateReadings).as("readings the aggregation saw after their window's rows").isZero();
        assertThat(run.revisions).as("aggregate corrections").isZero();
    }

    @Test
    void readingsQuietForLongerThanTheIdlenessAfterABootstrapOnlyRegistryWasReadMakeNoLaterReadingLate(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String stream = "event-time-quiet-readings";
        Path registry = dir.resolve("consent.jsonl");
        Files.write(registry, List.of(TestConsent.stediLine("consented-device", 0L, 0L)));
        Map<String, String> quiet = Map.of(
                "pipeline.watermark.idleness", QUIET_IDLENESS,
                "consent.bootstrap-path", registry.toUri().toString());
        // each pause between rounds (PAUSE) is longer than the idleness: every reading falls quiet
        Run run = run(cluster, stream, 1, List.of(), quiet,
                r -> onTime("quiet-" + r + "-", System.currentTimeMillis() - (ROUNDS - r) * 30 * MINUTE));

        assertThat(run.rows).hasSize(ROUNDS * PER_ROUND);
        assertThat(run.dropped).as("readings the aggregation dropped as too late").isZero();
        assertThat(run.lateReadings).as("readings the aggregation saw after their window's rows").isZero();
        assertThat(run.revisions).as("aggregate corrections").isZero();
    }

    // ---------------------------------------------------------------- the job

    interface Round {
        List<TestRecord> records(int round);
    }

    static final class Run {
        long lateReadings;
        long revisions;
        long dropped;
        long outOfRangeMetric;
        List<Map<String, Object>> rows;
        List<Map<String, Object>> deadLetters;
    }

    /**
     * Sends the given rounds, then the generated ones up to {@link #ROUNDS}, each after the job has decoded
     * the one before and a pause has let watermarks out; then drains the job.
     */
    Run run(MiniCluster cluster, String stream, int shards, List<List<TestRecord>> given, Round more)
            throws Exception {
        return run(cluster, stream, shards, given, Map.of(), more);
    }

    Run run(MiniCluster cluster, String stream, int shards, List<List<TestRecord>> given, Map<String, String> extra,
            Round more) throws Exception {
        Map<String, String> flat = LakeTestJob.config(stream);
        flat.putAll(extra);
        flat.put("lake.transformed-path", dir.resolve("transformed").toUri().toString());
        flat.put("lake.raw-archive.enabled", "false");
        flat.remove("lake.raw-path");
        flat.put("validation.max-future", MAX_FUTURE);
        JobConfig cfg = JobConfig.from(flat);

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.setParallelism(1);
        env.enableCheckpointing(500);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));

        Run run = new Run();
        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, stream, shards);
            JobClient job = env.executeAsync(stream);
            JobID id = job.getJobID();
            try {
                int sent = 0; // valid readings: the decoder counts those
                for (int r = 0; r < ROUNDS; r++) {
                    List<TestRecord> round = r < given.size() ? given.get(r) : more.records(r);
                    KinesisEmulator.put(kinesis, stream, round);
                    sent += (int) round.stream().filter(TestRecord::valid).count();
                    int expected = sent;
                    Polling.await(TIMEOUT, "round " + r + " decoded", () -> decoded(id) >= expected,
                            () -> "decoded so far: " + decoded(id));
                    Thread.sleep(PAUSE.toMillis());
                }
                LakeTestJob.drain(job, dir.resolve("savepoints"));
            } finally {
                LakeTestJob.cancel(job);
            }
            run.lateReadings = LAKE.counter(id, "kinesisanalytics." + MetricNames.LATE_READINGS);
            run.revisions = LAKE.counter(id, "kinesisanalytics." + MetricNames.AGGREGATE_REVISIONS);
            run.dropped = LAKE.counter(id,
                    "kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED);
            run.outOfRangeMetric = LAKE.counter(id, MetricNames.ERROR_TYPE + "."
                    + ErrorType.VALUE_OUT_OF_RANGE.id() + "." + MetricNames.DEAD_LETTERS);
        }
        LakeContents lake = new LakeContents(dir.resolve("transformed").resolve("readings"),
                dir.resolve("transformed").resolve("errors"), null);
        run.rows = lake.readings();
        run.deadLetters = lake.deadLetters();
        LOG.info("{}: {} rows, {} dead letters, {} late readings, {} corrections", stream, run.rows.size(),
                run.deadLetters.size(), run.lateReadings, run.revisions);
        return run;
    }

    static long decoded(JobID id) {
        return LAKE.counter(id, "kinesisanalytics." + MetricNames.READINGS_DECODED);
    }

    static List<TestRecord> onTime(String prefix, long now) {
        List<TestRecord> out = new ArrayList<>();
        for (int i = 0; i < PER_ROUND; i++) {
            out.add(reading(prefix + i, i, now - (PER_ROUND - i) * 1_000L));
        }
        return out;
    }

    /** A reference-station reading (exempt from consent); its device id is its partition key. */
    static TestRecord reading(String id, int i, long eventTime) {
        return new TestRecord(id, TestReadings.utf8(TestReadings.openAq(id, i, eventTime, PM25, 10.0 + i, UGM3)), null,
                eventTime);
    }

    /**
     * Ids that, as partition keys, Kinesis puts on the given shard of a two-shard stream: the MD5 of the
     * key, as a 128-bit number, falls in the shard's half of the hash key range.
     */
    static List<String> idsOnShard(String prefix, int shard, int count) throws NoSuchAlgorithmException {
        BigInteger half = BigInteger.ONE.shiftLeft(127);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            String id = prefix + i;
            BigInteger hash = new BigInteger(1, md5.digest(id.getBytes(StandardCharsets.UTF_8)));
            if ((hash.compareTo(half) >= 0 ? 1 : 0) == shard) {
                ids.add(id);
            }
        }
        return ids;
    }
}
