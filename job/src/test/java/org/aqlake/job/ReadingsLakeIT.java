package org.aqlake.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.runtime.minicluster.MiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentDenial;
import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.consent.ConsentRules;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.job.support.ParquetRows;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a MiniCluster at parallelism 2, reading the real Kinesis emulator and writing
 * to S3Proxy: a mix of valid and invalid synthetic readings plus every real OpenAQ sample. One job run;
 * each test checks one promise about what it left in the lake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadingsLakeIT {

    static final int SYNTHETIC = 5_000;
    static final int SHARDS = 4;
    static final String STREAM = "readings-lake-it";
    static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().kinesis().s3().duckDb().build();

    /** The one run of the job every test reads. */
    private Run run;

    @BeforeAll
    void runThePipelineOverEveryInput(@InjectMiniCluster MiniCluster cluster, @TempDir Path copies) throws Exception {
        run = Run.of(cluster, copies);
    }

    /** What the run was given and what it left in the lake and its metrics; read-only once made. */
    static final class Run {
        final List<TestRecord> synthetic;
        final List<String> samples;
        final LakeContents lake;
        final List<Map<String, Object>> rows;
        final List<Map<String, Object>> deadLetters;
        final List<Map<String, Object>> raw;
        final Map<ErrorType, Long> deadLetterMetrics;
        final long deniedWithoutConsent;

        private Run(List<TestRecord> synthetic, List<String> samples, LakeContents lake,
                Map<ErrorType, Long> deadLetterMetrics, long deniedWithoutConsent) throws IOException {
            this.synthetic = List.copyOf(synthetic);
            this.samples = List.copyOf(samples);
            this.lake = lake;
            this.rows = List.copyOf(lake.readings());
            this.deadLetters = List.copyOf(lake.deadLetters());
            this.raw = List.copyOf(lake.raw());
            this.deadLetterMetrics = Map.copyOf(deadLetterMetrics);
            this.deniedWithoutConsent = deniedWithoutConsent;
        }

        static Run of(MiniCluster cluster, Path copies) throws Exception {
            JobConfig cfg = JobConfig.from(LakeTestJob.config(STREAM));
            List<TestRecord> synthetic = TestReadings.mixed("mix-", SYNTHETIC);
            List<String> samples = new ArrayList<>(OpenAqSamples.realtimeLines());
            samples.addAll(OpenAqSamples.csvAsRealtimeJson());
            List<TestRecord> all = new ArrayList<>(synthetic);
            for (int i = 0; i < samples.size(); i++) {
                all.add(new TestRecord("sample-" + i, samples.get(i).getBytes(StandardCharsets.UTF_8), null, 0));
            }
            long expectedRows = all.stream().filter(TestRecord::rowWithoutConsent).count();
            long expectedDeadLetters = all.stream().filter(r -> !r.valid()).count();

            try (KinesisClient kinesis = KinesisEmulator.client()) {
                KinesisEmulator.createStream(kinesis, STREAM, SHARDS);
                KinesisEmulator.put(kinesis, STREAM, all);
            }

            StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
            env.enableCheckpointing(1000);
            AqLakeJob.configure(env, cfg); // the job's own settings (object reuse), as it runs
            AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
            JobClient job = env.executeAsync("readings-lake-it");
            Map<ErrorType, Long> deadLetterMetrics = new EnumMap<>(ErrorType.class);
            long deniedWithoutConsent;
            try {
                LAKE.awaitLake(STREAM, copies, TIMEOUT, expectedRows, expectedDeadLetters, all.size());
                // time for any duplicate to show up
                LakeFixtures.awaitMoreCheckpoints(cluster, job.getJobID(), 2);
                for (ErrorType type : ErrorType.READING_ERRORS) {
                    deadLetterMetrics.put(type, LAKE.counter(job.getJobID(),
                            MetricNames.ERROR_TYPE + "." + type.id() + "." + MetricNames.DEAD_LETTERS));
                }
                deniedWithoutConsent = LAKE.counter(job.getJobID(), MetricNames.DENIAL_REASON + "."
                        + ConsentDenial.NO_CONSENT.id() + "." + MetricNames.CONSENT_DENIED);
            } finally {
                LakeTestJob.cancel(job);
            }
            return new Run(synthetic, samples, LAKE.copyLake(STREAM, copies), deadLetterMetrics, deniedWithoutConsent);
        }
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void everyValidRecordBecomesExactlyOneRowInTheHourItWasMeasured() {
        Map<String, List<Map<String, Object>>> byDevice = run.rows.stream()
                .filter(r -> r.get("device_id") != null)
                .collect(Collectors.groupingBy(r -> (String) r.get("device_id")));
        List<TestRecord> valid = run.synthetic.stream().filter(TestRecord::rowWithoutConsent).collect(Collectors.toList());

        assertThat(byDevice).hasSize(valid.size());
        for (TestRecord r : valid) {
            List<Map<String, Object>> found = byDevice.get(r.id);
            assertThat(found).as("run.rows of %s", r.id).hasSize(1);
            assertThat(found.get(0).get("event_time")).isEqualTo(r.eventTime);
            assertThat(found.get(0).get(ParquetRows.PARTITION)).isEqualTo(hourPartition(r.eventTime));
        }
    }

    @Test
    void everyInvalidRecordBecomesExactlyOneDeadLetterUnderItsTypeRedactedUnlessItIsExempt() throws Exception {
        List<String> ids = run.lake.deadLetterIds();
        Map<String, List<Map<String, Object>>> byId = new HashMap<>();
        for (int i = 0; i < run.deadLetters.size(); i++) {
            byId.computeIfAbsent(ids.get(i), id -> new ArrayList<>()).add(run.deadLetters.get(i));
        }
        List<TestRecord> invalid = run.synthetic.stream().filter(r -> !r.valid()).collect(Collectors.toList());
        ConsentRules exempt = JobConfig.from(LakeTestJob.config(STREAM)).consent;
        int redacted = 0;

        assertThat(run.deadLetters).hasSize(invalid.size());
        for (TestRecord r : invalid) {
            List<Map<String, Object>> found = byId.get(r.id);
            assertThat(found).as("dead letters of %s", r.id).hasSize(1);
            Map<String, Object> d = found.get(0);
            assertThat(d.get("error_type")).isEqualTo(r.expectedError.id());
            assertThat((String) d.get(ParquetRows.PARTITION)).startsWith("error=" + r.expectedError.id() + "/");
            assertThat(d.get("stream")).isEqualTo(STREAM);
            assertThat((String) d.get("shard_id")).startsWith("shardId-");
            assertThat(d.get("sequence_number")).isNotNull();
            assertThat(d.get("arrival_time")).isNotNull();
            assertThat((String) d.get("reason")).isNotBlank();
            if (ConsentRedaction.provablyExempt(r.payload, exempt)) {
                assertThat(d.get("partition_key")).isEqualTo(r.id);
                assertThat(originalBytes(d)).isEqualTo(r.payload);
            } else {
                redacted++;
                assertThat(d.get("partition_key")).isNull();
                assertThat(d.get("payload_encoding")).isIn(ConsentRedaction.REDACTED_ENCODING, null);
                assertThat(String.valueOf(d.get("payload"))).as("the device id").doesNotContain(r.id);
            }
        }
        assertThat(redacted).as("redacted letters").isPositive().isLessThan(invalid.size());
    }

    @Test
    void everyDeadLetterTypeIsCountedAsAMetric() {
        Map<ErrorType, Long> expected = run.synthetic.stream().filter(r -> !r.valid())
                .collect(Collectors.groupingBy(r -> r.expectedError, Collectors.counting()));

        assertThat(expected).containsOnlyKeys(ErrorType.READING_ERRORS);
        assertThat(run.deadLetterMetrics).isEqualTo(expected);
    }

    @Test
    void withoutAConsentRegistryCommunityReadingsAreDeniedCountedAndWrittenNowhere() {
        List<String> community = run.synthetic.stream().filter(r -> r.needsConsent).map(r -> r.id)
                .collect(Collectors.toList());

        assertThat(community).hasSize(SYNTHETIC / 25);
        assertThat(run.deniedWithoutConsent).isEqualTo(community.size());
        assertThat(run.rows).extracting(r -> r.get("device_id")).doesNotContainAnyElementsOf(community);
        assertThat(run.deadLetters).extracting(d -> d.get("partition_key")).doesNotContainAnyElementsOf(community);
    }

    @Test
    void everyRealOpenAqSampleBecomesARow() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (String s : run.samples) {
            expected.merge(OpenAqSamples.expected(s).key(), 1L, Long::sum);
        }
        Map<String, Long> found = run.rows.stream()
                .filter(r -> r.get("device_id") == null)
                .collect(Collectors.groupingBy(
                        r -> r.get("location") + "|" + r.get("event_time") + "|" + r.get("parameter") + "|"
                                + r.get("value"),
                        Collectors.counting()));

        assertThat(run.samples).hasSize(64 + 82);
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void duckDbReadsTheSameRowsAsOurOwnReader() throws Exception {
        List<Map<String, Object>> duck = LAKE.duckDb().rows(
                "SELECT shard_id, sequence_number, epoch_ms(event_time) AS event_ms, parameter, value, unit,"
                        + " location, latitude, device_id, CAST(year AS INTEGER) AS year, CAST(month AS INTEGER) AS month,"
                        + " CAST(day AS INTEGER) AS day, CAST(hour AS INTEGER) AS hour"
                        + " FROM read_parquet(?, hive_partitioning = true)",
                DuckDb.parquetGlob(run.lake.readingsDir));

        Map<String, Map<String, Object>> ours = run.rows.stream().collect(Collectors.toMap(
                r -> r.get("shard_id") + "/" + r.get("sequence_number"), Function.identity()));
        assertThat(duck).hasSize(run.rows.size());
        for (Map<String, Object> d : duck) {
            Map<String, Object> o = ours.get(d.get("shard_id") + "/" + d.get("sequence_number"));
            assertThat(o).as("our row for %s", d).isNotNull();
            assertThat(((Number) d.get("event_ms")).longValue()).isEqualTo(o.get("event_time"));
            assertThat(d.get("parameter")).isEqualTo(o.get("parameter"));
            assertThat(d.get("value")).isEqualTo(o.get("value"));
            assertThat(d.get("unit")).isEqualTo(o.get("unit"));
            assertThat(d.get("location")).isEqualTo(o.get("location"));
            assertThat(d.get("latitude")).isEqualTo(o.get("latitude"));
            assertThat(d.get("device_id")).isEqualTo(o.get("device_id"));
            ZonedDateTime t = Instant.ofEpochMilli((Long) o.get("event_time")).atZone(ZoneOffset.UTC);
            assertThat(((Number) d.get("year")).intValue()).isEqualTo(t.getYear());
            assertThat(((Number) d.get("month")).intValue()).isEqualTo(t.getMonthValue());
            assertThat(((Number) d.get("day")).intValue()).isEqualTo(t.getDayOfMonth());
            assertThat(((Number) d.get("hour")).intValue()).isEqualTo(t.getHour());
        }
    }

    @Test
    void theReadingsTableIsZstdParquetWithUtcMillisecondTimestamps() throws Exception {
        String glob = DuckDb.parquetGlob(run.lake.readingsDir);
        List<Map<String, Object>> codecs = LAKE.duckDb().rows(
                "SELECT DISTINCT compression FROM parquet_metadata(?)", glob);
        List<Map<String, Object>> eventTime = LAKE.duckDb().rows(
                "SELECT DISTINCT logical_type FROM parquet_schema(?) WHERE name = 'event_time'", glob);

        assertThat(codecs).extracting(r -> r.get("compression")).containsExactly("ZSTD");
        assertThat(eventTime).hasSize(1);
        assertThat(String.valueOf(eventTime.get(0).get("logical_type")))
                .contains("isAdjustedToUTC=1").contains("MILLIS");
    }

    @Test
    void theRawArchiveHoldsEveryPayloadExactlyOnce() {
        Map<String, List<Map<String, Object>>> byId = run.raw.stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("partition_key")));

        assertThat(run.raw).hasSize(run.synthetic.size() + run.samples.size());
        for (TestRecord r : run.synthetic) {
            assertThat(byId.get(r.id)).as("raw lines of %s", r.id).hasSize(1);
            assertThat(originalBytes(byId.get(r.id).get(0))).isEqualTo(r.payload);
        }
    }

    @Test
    void noReaderListingTheTableSeesAnythingButCommittedFilesAndTheMarkersOfCompletePartitions() {
        List<String> keys = LAKE.s3().list(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/");
        assertThat(keys).isNotEmpty().allSatisfy(k -> {
            String name = k.substring(k.lastIndexOf('/') + 1);
            if (name.equals(PartitionCommitter.SUCCESS_FILE)) {
                assertThat(k).matches(STREAM + "/(readings|aggregates)/year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/_SUCCESS");
            } else {
                // a writer's file, or a compacted one; or a writer's file waiting for compaction, hidden from readers
                assertThat(name).matches("(part-|compacted-part-|\\.part-).*\\.(zstd\\.parquet|jsonl)$");
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    static String hourPartition(long t) {
        ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "year=%04d/month=%02d/day=%02d/hour=%02d",
                z.getYear(), z.getMonthValue(), z.getDayOfMonth(), z.getHour());
    }

    static byte[] originalBytes(Map<String, Object> line) {
        String payload = (String) line.get("payload");
        return "base64".equals(line.get("payload_encoding"))
                ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
    }
}
