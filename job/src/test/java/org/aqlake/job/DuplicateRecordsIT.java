package org.aqlake.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.JobSinks;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateRecordsIT {

    static final int SYNTHETIC = 300;
    /** Every third record is put again. */
    static final int RETRY_EVERY = 3;
    static final int SHARDS = 2;
    static final String STREAM = "duplicate-records-it";
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String OTHER_CITY = "Tianjin";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().kinesis().s3().build();

    /** The one run of the job every test reads. */
    private Run run;

    @BeforeAll
    void putEveryRecordOnceAndAThirdOfThemTwice(@InjectMiniCluster MiniCluster cluster, @TempDir Path copies)
            throws Exception {
        run = Run.of(cluster, copies);
    }

    /** What the run was given and what it left in the lake and its metrics; read-only once made. */
    static final class Run {
        final List<TestRecord> distinct;
        final List<TestRecord> retried;
        final TestRecord mobileHere;
        final LakeContents lake;
        final List<Map<String, Object>> rows;
        final List<Map<String, Object>> deadLetters;
        final List<Map<String, Object>> raw;
        final long duplicatesCounted;

        private Run(List<TestRecord> distinct, List<TestRecord> retried, TestRecord mobileHere, LakeContents lake,
                long duplicatesCounted) throws IOException {
            this.distinct = List.copyOf(distinct);
            this.retried = List.copyOf(retried);
            this.mobileHere = mobileHere;
            this.lake = lake;
            this.rows = List.copyOf(lake.readings());
            this.deadLetters = List.copyOf(lake.deadLetters());
            this.raw = List.copyOf(lake.raw());
            this.duplicatesCounted = duplicatesCounted;
        }

        static Run of(MiniCluster cluster, Path copies) throws Exception {
            JobConfig cfg = JobConfig.from(LakeTestJob.config(STREAM));
            List<TestRecord> distinct = new ArrayList<>(TestReadings.mixed("dup-", SYNTHETIC));
            List<String> samples = new ArrayList<>(OpenAqSamples.realtimeLines());
            samples.addAll(OpenAqSamples.csvAsRealtimeJson());
            for (String sample : samples) {
                distinct.add(keyedByLocation(sample));
            }
            String here = OpenAqSamples.realtimeLines().get(0);
            TestRecord mobileHere = keyedByLocation(mobile(here, null));
            TestRecord mobileThere = keyedByLocation(mobile(here, OTHER_CITY));
            distinct.add(mobileHere);
            distinct.add(mobileThere);
            List<TestRecord> retried = new ArrayList<>();
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
            long duplicatesCounted;
            try {
                LAKE.awaitLake(STREAM, copies, TIMEOUT, expectedRows, expectedDeadLetters,
                        distinct.size() + retried.size());
                // time for any duplicate to show up
                LakeFixtures.awaitMoreCheckpoints(cluster, job.getJobID(), 2);
                duplicatesCounted = LAKE.counter(job.getJobID(), "." + MetricNames.DUPLICATE_RECORDS);
            } finally {
                LakeTestJob.cancel(job);
            }
            return new Run(distinct, retried, mobileHere, LAKE.copyLake(STREAM, copies), duplicatesCounted);
        }
    }

    @Test
    void everyDistinctValidRecordIsExactlyOneRowThoughAThirdWasPutTwice() {
        long expected = run.distinct.stream().filter(TestRecord::rowWithoutConsent).count();
        Map<String, Long> byReading = run.rows.stream().collect(Collectors.groupingBy(DuplicateRecordsIT::identity,
                Collectors.counting()));

        assertThat(run.rows).hasSize((int) expected);
        assertThat(byReading.values()).as("rows per reading").containsOnly(1L);
    }

    @Test
    void everyDistinctInvalidRecordIsExactlyOneDeadLetter() throws Exception {
        // a dead letter redacted for consent carries no partition key: found through its lineage
        Map<String, Long> byKey = run.lake.deadLetterIds().stream()
                .collect(Collectors.groupingBy(String::valueOf, Collectors.counting()));

        assertThat(run.deadLetters).hasSize((int) run.distinct.stream().filter(r -> !r.valid()).count());
        assertThat(byKey.values()).containsOnly(1L);
    }

    @Test
    void theTwoMobileStationReadingsUnderOneLocationNameAreBothRows() {
        List<Map<String, Object>> mobile = run.rows.stream()
                .filter(r -> Objects.equals(r.get("location"), run.mobileHere.id) && Boolean.TRUE.equals(r.get("mobile")))
                .collect(Collectors.toList());

        assertThat(mobile).extracting(r -> r.get("city")).containsExactlyInAnyOrder("Beijing", OTHER_CITY);
    }

    @Test
    void theDuplicateMetricCountsEveryCopyThatWasPutAgain() {
        assertThat(run.duplicatesCounted).isEqualTo(run.retried.size());
    }

    @Test
    void theRawArchiveKeepsWhatTheStreamDeliveredCopiesIncluded() {
        assertThat(run.raw).hasSize(run.distinct.size() + run.retried.size());
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
}
