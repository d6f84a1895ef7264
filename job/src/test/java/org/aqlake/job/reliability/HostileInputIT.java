package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentDenial;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.reliability.HostileCorpus.Hostile;
import org.aqlake.job.reliability.HostileCorpus.Outcome;
import org.aqlake.job.JobSinks;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestRecord;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input through the real Kinesis source: over 10,000 records generated with jqwik (random bytes,
 * truncated gzip and gzip bombs, invalid UTF-8, JSON nested 10,000 deep, huge numbers, NaN and Infinity,
 * wrong types, duplicate keys, 1 MiB records, timestamps from year 0 to 9999, 20,000-character strings
 * in every field, and valid readings among them) run through the whole job on a MiniCluster whose
 * restart strategy would allow restarts. The {@link HostileCorpus} knows by construction what each record
 * must become; afterwards every invalid record is exactly one dead letter of a fitting type with a reason,
 * every valid exempt one exactly one row, every valid non-exempt one a counted consent denial, every
 * record is once in the raw archive, and the job never restarted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final long SEED = 20_261_205L;
    /** {@code -Dhostile.scale=0.1} for a quick run while developing; 1 is the figure. */
    static final double SCALE = Double.parseDouble(System.getProperty("hostile.scale", "1"));
    static final String STREAM = "hostile-input-it";
    static final int SHARDS = 4;
    static final Duration TIMEOUT = Duration.ofMinutes(8);

    // restarts allowed, so that a record that breaks the job shows as a restart, not a failed test run
    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").kinesis().s3().build();

    // what the one run of the job was given and left: set before all tests, which only read it
    private List<Hostile> corpus;
    private LakeContents lake;
    private OptionalLong restarts;
    private JobStatus statusAfterDrain;
    private long denied;
    private long seconds;

    @BeforeAll
    void runTheCorpusThroughTheJob(@InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        long start = System.nanoTime();
        corpus = HostileCorpus.generate(SEED, SCALE);
        JobConfig cfg = JobConfig.from(LakeTestJob.config(STREAM));
        List<TestRecord> records = corpus.stream().map(h -> new TestRecord(h.id, h.payload, null, 0))
                .collect(Collectors.toList());

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SHARDS);
            ReliabilityRuns.put(kinesis, STREAM, records);
        }
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(1000);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        JobClient job = env.executeAsync("hostile-input-it");
        try {
            Polling.await(TIMEOUT, "every record decoded, or a restart",
                    () -> decided(job) >= corpus.size() || ReliabilityRuns.restarts(LAKE.metrics(), job.getJobID()).orElse(0) > 0,
                    () -> "decided " + decided(job) + " of " + corpus.size());
            restarts = ReliabilityRuns.restarts(LAKE.metrics(), job.getJobID());
            denied = 0;
            for (ConsentDenial d : ConsentDenial.values()) {
                denied += LAKE.counter(job.getJobID(),
                        "." + MetricNames.DENIAL_REASON + "." + d.id() + "." + MetricNames.CONSENT_DENIED);
            }
            statusAfterDrain = LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
        }
        lake = LAKE.copyLake(STREAM, work.resolve("lake"));
        seconds = (System.nanoTime() - start) / 1_000_000_000L;
        report();
    }

    /** Records the decoder has answered: readings plus dead letters of every type. */
    static long decided(JobClient job) {
        long n = LAKE.counter(job.getJobID(), "." + MetricNames.READINGS_DECODED);
        for (ErrorType type : ErrorType.READING_ERRORS) {
            n += LAKE.counter(job.getJobID(), "." + MetricNames.ERROR_TYPE + "."
                    + type.id() + "." + MetricNames.DEAD_LETTERS);
        }
        return n;
    }

    void report() throws Exception {
        Map<String, Map<Outcome, Long>> perFamily = new TreeMap<>();
        for (Hostile h : corpus) {
            perFamily.computeIfAbsent(h.family, f -> new TreeMap<>()).merge(h.outcome, 1L, Long::sum);
        }
        System.out.printf("hostile input: %d records, seed %d, %d s; rows %d, dead letters %d, denied %d, restarts %s%n",
                corpus.size(), SEED, seconds, lake.readings().size(), lake.deadLetters().size(), denied, restarts);
        perFamily.forEach((f, o) -> System.out.println("  " + f + " " + o));
    }

    @Test
    void theJobNeverRestartedThoughItsStrategyAllowedIt() {
        assertThat(restarts).as("numRestarts reported by the job manager").isPresent();
        assertThat(restarts.getAsLong()).isZero();
        assertThat(statusAfterDrain).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void everyValidExemptRecordIsExactlyOneRowWithItsValue() throws Exception {
        List<Map<String, Object>> rows = lake.readings();
        // a row is found by its device id; an overlong one carries the record id before a '~'
        Map<String, Long> perId = rows.stream().collect(Collectors.groupingBy(
                r -> ((String) r.get("device_id")).split("~", 2)[0], Collectors.counting()));
        Map<String, Long> expected = expected(Outcome.ROW);
        Map<String, Hostile> byId = corpus.stream().collect(Collectors.toMap(h -> h.id, Function.identity()));
        List<String> wrongValues = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Hostile h = byId.get(((String) row.get("device_id")).split("~", 2)[0]);
            if (h != null && !Double.isNaN(h.value) && ((Number) row.get("value")).doubleValue() != h.value) {
                wrongValues.add(h + ": " + row.get("value"));
            }
        }

        assertThat(expected).hasSizeGreaterThan((int) (2_000 * SCALE));
        assertThat(missing(expected, perId)).as("valid records without their row").isEmpty();
        assertThat(missing(perId, expected)).as("rows of records that are not valid and exempt").isEmpty();
        assertThat(perId).isEqualTo(expected);
        assertThat(wrongValues).isEmpty();
    }

    @Test
    void everyInvalidRecordIsExactlyOneDeadLetterOfAFittingTypeWithAReason() throws Exception {
        List<Map<String, Object>> letters = lake.deadLetters();
        // a letter redacted for consent carries no partition key: its record is found through its lineage
        Map<String, String> rawKeys = new HashMap<>();
        for (Map<String, Object> r : lake.raw()) {
            rawKeys.put(r.get("shard_id") + "/" + r.get("sequence_number"), (String) r.get("partition_key"));
        }
        Function<Map<String, Object>, String> idOf = d -> d.get("partition_key") != null
                ? (String) d.get("partition_key")
                : rawKeys.getOrDefault(d.get("shard_id") + "/" + d.get("sequence_number"),
                        "no raw line for " + d.get("shard_id") + "/" + d.get("sequence_number"));
        Map<String, Long> perId = letters.stream().collect(Collectors.groupingBy(idOf, Collectors.counting()));
        Map<String, Hostile> byId = corpus.stream().collect(Collectors.toMap(h -> h.id, Function.identity()));
        List<String> unfit = new ArrayList<>();
        for (Map<String, Object> d : letters) {
            Hostile h = byId.get(idOf.apply(d));
            String reason = (String) d.get("reason");
            boolean fits = h != null && h.types.stream().anyMatch(t -> t.id().equals(d.get("error_type")));
            if (!fits || reason == null || reason.isBlank()) {
                unfit.add(h + ": " + d.get("error_type") + " " + reason);
            }
        }

        assertThat(perId).isEqualTo(expected(Outcome.DEAD_LETTER));
        assertThat(unfit).as("dead letters whose type does not fit their defect, or without a reason").isEmpty();
    }

    @Test
    void everyValidRecordThatIsNotExemptIsACountedConsentDenial() {
        assertThat(denied).isEqualTo(corpus.stream().filter(h -> h.outcome == Outcome.DENIED).count()).isPositive();
    }

    @Test
    void everyRecordIsInTheRawArchiveExactlyOnce() throws Exception {
        Map<String, Long> perId = lake.raw().stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("partition_key"), Collectors.counting()));

        assertThat(perId).isEqualTo(corpus.stream().collect(Collectors.toMap(h -> h.id, h -> 1L)));
    }

    Map<String, Long> expected(Outcome outcome) {
        return corpus.stream().filter(h -> h.outcome == outcome).collect(Collectors.toMap(h -> h.id, h -> 1L));
    }

    static List<String> missing(Map<String, Long> a, Map<String, Long> b) {
        return a.keySet().stream().filter(k -> !b.containsKey(k)).sorted().limit(50).collect(Collectors.toList());
    }
}
