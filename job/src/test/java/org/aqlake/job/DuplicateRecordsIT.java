package org.aqlake.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producer retries through the real Kinesis emulator: every record is put once, then a third of them again
 * in later PutRecords calls (same partition key and payload, new sequence numbers), as a producer does
 * that timed out without knowing whether its put landed. With them, the real OpenAQ samples keyed by
 * location as the producer keys them, and two mobile-station readings under one location name, hour and
 * parameter from two cities (derived from a real sample line: the samples have no mobile station), which
 * are two readings.
 */
@ExtendWith(KinesisEmulator.class)
class DuplicateRecordsIT {

    static final int SYNTHETIC = 300;
    /** Every third record is put again. */
    static final int RETRY_EVERY = 3;
    static final int SHARDS = 2;
    static final String STREAM = "duplicate-records-it";
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String OTHER_CITY = "Tianjin";
    static final ObjectMapper JSON = new ObjectMapper();

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(LakeTestJob.PARALLELISM)
                    .setConfiguration(LakeTestJob.clusterConfig(METRICS, "none"))
                    .build());

    @TempDir
    static Path lakeCopy;

    static EmbeddedS3 s3;
    static List<TestRecord> distinct = new ArrayList<>();
    static List<TestRecord> retried = new ArrayList<>();
    static TestRecord mobileHere;
    static TestRecord mobileThere;
    static LakeContents lake;
    static List<Map<String, Object>> rows;
    static List<Map<String, Object>> deadLetters;
    static List<Map<String, Object>> raw;
    static long duplicatesCounted;
    static int copies;

    @BeforeAll
    static void putEveryRecordOnceAndAThirdOfThemTwice(@InjectMiniCluster MiniCluster cluster) throws Exception {
        s3 = new EmbeddedS3();
        s3.createBucket(LakeTestJob.TRANSFORMED_BUCKET);
        s3.createBucket(LakeTestJob.RAW_BUCKET);
        JobConfig cfg = JobConfig.from(LakeTestJob.config(STREAM));
        Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), s3.endpoint(), true,
                EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
        FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));

        distinct.addAll(TestReadings.mixed("dup-", SYNTHETIC));
        List<String> samples = new ArrayList<>(OpenAqSamples.realtimeLines());
        samples.addAll(OpenAqSamples.csvAsRealtimeJson());
        for (String sample : samples) {
            distinct.add(keyedByLocation(sample));
        }
        String here = OpenAqSamples.realtimeLines().get(0);
        mobileHere = keyedByLocation(mobile(here, null));
        mobileThere = keyedByLocation(mobile(here, OTHER_CITY));
        distinct.add(mobileHere);
        distinct.add(mobileThere);
        for (int i = 0; i < distinct.size(); i += RETRY_EVERY) {
            retried.add(distinct.get(i));
        }
        retried.add(mobileHere);
        retried.add(mobileThere);

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SHARDS);
            KinesisEmulator.put(kinesis, STREAM, distinct);
            KinesisEmulator.put(kinesis, STREAM, retried);
        }
        long expectedRows = distinct.stream().filter(TestRecord::rowWithoutConsent).count();
        long expectedDeadLetters = distinct.stream().filter(r -> !r.valid()).count();

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(1000);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        JobClient job = env.executeAsync(STREAM);
        try {
            Polling.await(TIMEOUT, "every record read and committed",
                    () -> committed(expectedRows, expectedDeadLetters, distinct.size() + retried.size()),
                    DuplicateRecordsIT::counts);
            settle(cluster, job.getJobID());
            duplicatesCounted = LakeTestJob.counter(METRICS, job.getJobID(), "." + MetricNames.DUPLICATE_RECORDS);
        } finally {
            LakeTestJob.cancel(job);
        }
        copyLake();
        rows = lake.readings();
        deadLetters = lake.deadLetters();
        raw = lake.raw();
    }

    @AfterAll
    static void stop() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void everyDistinctValidRecordIsExactlyOneRowThoughAThirdWasPutTwice() {
        long expected = distinct.stream().filter(TestRecord::rowWithoutConsent).count();
        Map<String, Long> byReading = rows.stream().collect(Collectors.groupingBy(DuplicateRecordsIT::identity,
                Collectors.counting()));

        assertThat(rows).hasSize((int) expected);
        assertThat(byReading.values()).as("rows per reading").containsOnly(1L);
    }

    @Test
    void everyDistinctInvalidRecordIsExactlyOneDeadLetter() throws Exception {
        // a dead letter redacted for consent carries no partition key: found through its lineage
        Map<String, Long> byKey = lake.deadLetterIds().stream()
                .collect(Collectors.groupingBy(String::valueOf, Collectors.counting()));

        assertThat(deadLetters).hasSize((int) distinct.stream().filter(r -> !r.valid()).count());
        assertThat(byKey.values()).containsOnly(1L);
    }

    @Test
    void theTwoMobileStationReadingsUnderOneLocationNameAreBothRows() {
        List<Map<String, Object>> mobile = rows.stream()
                .filter(r -> Objects.equals(r.get("location"), mobileHere.id) && Boolean.TRUE.equals(r.get("mobile")))
                .collect(Collectors.toList());

        assertThat(mobile).extracting(r -> r.get("city")).containsExactlyInAnyOrder("Beijing", OTHER_CITY);
    }

    @Test
    void theDuplicateMetricCountsEveryCopyThatWasPutAgain() {
        assertThat(duplicatesCounted).isEqualTo(retried.size());
    }

    @Test
    void theRawArchiveKeepsWhatTheStreamDeliveredCopiesIncluded() {
        assertThat(raw).hasSize(distinct.size() + retried.size());
    }

    /** A row's reading: what the payload said, with the city that tells two mobile stations apart. */
    static String identity(Map<String, Object> row) {
        return row.get("location") + "|" + row.get("city") + "|" + row.get("parameter") + "|" + row.get("event_time")
                + "|" + row.get("value") + "|" + row.get("device_id") + "|" + row.get("mobile");
    }

    static TestRecord keyedByLocation(String json) throws Exception {
        String location = JSON.readTree(json).get("location").asText();
        return new TestRecord(location, json.getBytes(StandardCharsets.UTF_8), null, 0);
    }

    /** A mobile station's reading: the sample's, or the same station name, hour and parameter in another city. */
    static String mobile(String sample, String otherCity) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(sample);
        o.put("mobile", true);
        if (otherCity != null) {
            o.put("city", otherCity);
            o.put("value", o.get("value").asDouble() + 7.5);
            o.putObject("coordinates").put("latitude", 39.13).put("longitude", 117.2);
        }
        return JSON.writeValueAsString(o);
    }

    static boolean committed(long rows, long deadLetters, long raw) {
        try {
            copyLake();
            return lake.readings().size() >= rows && lake.deadLetters().size() >= deadLetters
                    && lake.raw().size() >= raw;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String counts() {
        try {
            return "rows=" + lake.readings().size() + " deadLetters=" + lake.deadLetters().size()
                    + " raw=" + lake.raw().size();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Two more checkpoints after the last expected line: time for any duplicate to show up. */
    static void settle(MiniCluster cluster, JobID job) throws InterruptedException {
        long done = LakeTestJob.completedCheckpoints(cluster, job);
        Polling.await(Duration.ofSeconds(60), "two more checkpoints",
                () -> LakeTestJob.completedCheckpoints(cluster, job) >= done + 2);
    }

    static void copyLake() throws Exception {
        Path snapshot = lakeCopy.resolve("copy-" + (++copies));
        Path t = snapshot.resolve("transformed");
        Path r = snapshot.resolve("raw");
        s3.download(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/", t);
        s3.download(LakeTestJob.RAW_BUCKET, STREAM + "/", r);
        lake = new LakeContents(t.resolve(STREAM).resolve("readings"), t.resolve(STREAM).resolve("errors"),
                r.resolve(STREAM));
    }
}
