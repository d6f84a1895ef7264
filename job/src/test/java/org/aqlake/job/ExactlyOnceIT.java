package org.aqlake.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.Compaction;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.ParquetRows;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestConsent;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once, proven the only way it can be: the job is killed twice while it writes, restarts from
 * its checkpoints, and afterwards every one of 20,000 input records is counted in the lake exactly
 * once: as a row, as a dead letter, and in the raw archive. Meanwhile a reader keeps listing the
 * table and must never see an in-progress or pending file.
 *
 * <p>The 800 community readings among them go through the consent gate, with a registry split between
 * a bootstrap file and a consent stream: the held readings and the consent history are keyed state, and
 * must come through both restarts so that exactly the consented readings are rows, once. At the end the
 * job is stopped with drain, which decides whatever the gate still holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceIT {

    static final int RECORDS = 20_000;
    static final int CHUNKS = 4;
    static final long[] FAIL_AT_RECORDS = {6_000, 13_000};
    static final String STREAM = "exactly-once-it";
    static final String CONSENT_STREAM = "exactly-once-it-consent";
    static final long MINUTE = 60_000L;
    /** Long before every reading (they span six hours from TestReadings.BASE_TIME). */
    static final long LONG_BEFORE = TestReadings.BASE_TIME - 24 * 60 * MINUTE;
    static final long HOUR_BEFORE = TestReadings.BASE_TIME - 60 * MINUTE;
    static final Duration TIMEOUT = Duration.ofMinutes(6);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").kinesis().s3().build();

    // what the one run of the job was given and left: set before all tests, which only read it
    private Path lakeCopy;
    private List<TestRecord> input;
    private LakeContents lake;
    private final Set<String> uncommittedSeen = new ConcurrentSkipListSet<>();
    /** Hidden files listed: the writers' files the compactor has committed, before the committer deletes them. */
    private final Set<String> hiddenSeen = new ConcurrentSkipListSet<>();
    /** Visible files of the compacted tables: a writer's own, and the compactor's. */
    private final Set<String> smallVisible = new ConcurrentSkipListSet<>();
    private final Set<String> compactedSeen = new ConcurrentSkipListSet<>();
    private JobStatus statusAfterRun;
    private JobStatus statusAfterDrain;
    /** Community devices whose consent is in force when their reading was measured. */
    private final Set<String> consented = new HashSet<>();

    @BeforeAll
    void runWithTwoInjectedFailures(@InjectMiniCluster MiniCluster cluster, @TempDir Path lakeCopy) throws Exception {
        this.lakeCopy = lakeCopy;
        input = TestReadings.mixed("eo-", RECORDS);
        List<TestRecord> consentStream = new ArrayList<>();
        List<String> bootstrap = new ArrayList<>();
        registry(input, bootstrap, consentStream);
        Path bootstrapFile = Files.createDirectories(lakeCopy.resolve("registry")).resolve("customers.json");
        Files.write(bootstrapFile, bootstrap, StandardCharsets.UTF_8);
        Map<String, String> c = LakeTestJob.config(STREAM);
        c.put("consent.stream", CONSENT_STREAM);
        c.put("consent.bootstrap-path", bootstrapFile.toUri().toString());
        JobConfig cfg = JobConfig.from(c);

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, 4);
            // one shard, in lastUpdateDate order, as a registry writes its updates: the watermark may trust it
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            KinesisEmulator.put(kinesis, CONSENT_STREAM, consentStream);
            StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
            env.enableCheckpointing(500);
            AqLakeJob.configure(env, cfg); // the job's own settings (object reuse), as it runs
            AqLakePipeline.build(
                    AqLakeJob.createSource(env, cfg).map(new InjectFailures()).uid("inject-failures").name("Inject failures"),
                    cfg, JobSinks.create(cfg));
            JobClient job = env.executeAsync("exactly-once-it");
            AtomicBoolean listing = new AtomicBoolean(true);
            Thread lister = new Thread(() -> listUntilStopped(listing), "table-lister");
            lister.start();
            try {
                int chunk = RECORDS / CHUNKS;
                for (int i = 0; i < CHUNKS; i++) {
                    KinesisEmulator.put(kinesis, STREAM, input.subList(i * chunk, (i + 1) * chunk));
                }
                // the raw archive is committed on a checkpoint every operator has passed: when it holds every
                // record, the gate holds or has decided every community reading
                Polling.await(TIMEOUT, "every record read and checkpointed after two failures",
                        () -> InjectFailures.FAILURES.get() == FAIL_AT_RECORDS.length
                                && committedRaw() >= RECORDS,
                        () -> "failures=" + InjectFailures.FAILURES.get() + ", raw=" + committedRaw());
                long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
                Polling.await(Duration.ofSeconds(60), "three more checkpoints",
                        () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID()) >= done + 3);
                statusAfterRun = job.getJobStatus().get();
                statusAfterDrain = LakeTestJob.drain(job, lakeCopy.resolve("savepoints"));
            } finally {
                listing.set(false);
                lister.join();
                LakeTestJob.cancel(job);
            }
        }
        lake = copyLake("final");
    }

    @Test
    void theJobFailedTwiceAndRecovered() {
        assertThat(InjectFailures.FAILURES.get()).isEqualTo(2);
        assertThat(InjectFailures.SEEN.get()).as("records processed, replays included").isGreaterThan(RECORDS);
        assertThat(statusAfterRun).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void theDrainDecidedWhatWasStillHeldAndFinishedTheJob() {
        assertThat(statusAfterDrain).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void everyValidRecordWithConsentOrExemptIsARowExactlyOnce() throws Exception {
        Map<String, Long> rowsPerId = lake.readings().stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("device_id"), Collectors.counting()));
        Map<String, Long> expected = input.stream()
                .filter(r -> r.rowWithoutConsent() || r.needsConsent && consented.contains(r.id))
                .collect(Collectors.toMap(r -> r.id, r -> 1L));

        assertThat(expected).hasSizeGreaterThan(13_500);
        assertThat(consented).hasSize(RECORDS / 25 / 2);
        assertThat(missing(expected, rowsPerId)).as("readings without their row").isEmpty();
        assertThat(missing(rowsPerId, expected)).as("rows that must not exist").isEmpty();
        assertThat(rowsPerId).isEqualTo(expected);
    }

    @Test
    void everyInvalidRecordIsADeadLetterExactlyOnce() throws Exception {
        Map<String, Long> perId = lake.deadLetterIds().stream()
                .collect(Collectors.groupingBy(id -> String.valueOf(id), Collectors.counting()));
        Map<String, Long> expected = input.stream().filter(r -> !r.valid())
                .collect(Collectors.toMap(r -> r.id, r -> 1L));

        assertThat(perId).isEqualTo(expected);
    }

    @Test
    void everyPayloadIsInTheRawArchiveExactlyOnce() throws Exception {
        Map<String, Long> perId = lake.raw().stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("partition_key"), Collectors.counting()));

        assertThat(perId).isEqualTo(input.stream().collect(Collectors.toMap(r -> r.id, r -> 1L)));
    }

    @Test
    void everyAggregateRevisionIsWrittenOnceAndNoneIsLost() throws Exception {
        // a replay after a failure re-emits the same revisions from restored state; the sink keeps one copy
        List<Map<String, Object>> rows = ParquetRows.read(lake.readingsDir.resolveSibling("aggregates"));
        Map<String, Long> perRevision = rows.stream().collect(Collectors.groupingBy(
                r -> window(r) + "#" + r.get("revision"), Collectors.counting()));
        // revisions count per place and window (all its rows are rewritten together): none may be missing
        Map<List<Object>, Set<Integer>> revisions = rows.stream().collect(Collectors.groupingBy(
                r -> Arrays.asList(r.get("location"), r.get("city"), r.get("country"), r.get("window_start")),
                Collectors.mapping(r -> ((Number) r.get("revision")).intValue(), Collectors.toSet())));

        assertThat(rows).isNotEmpty();
        assertThat(perRevision).allSatisfy((key, copies) -> assertThat(copies).as(key).isEqualTo(1L));
        assertThat(revisions).allSatisfy((key, written) -> assertThat(written).as(key.toString())
                .isEqualTo(IntStream.range(0, written.size()).boxed().collect(Collectors.toSet())));
    }

    /** An aggregate row's window: its place (a location name may stand for two), parameter, unit and hour. */
    static List<Object> window(Map<String, Object> row) {
        return Arrays.asList(row.get("location"), row.get("city"), row.get("country"), row.get("parameter"),
                row.get("unit"), row.get("window_start"));
    }

    @Test
    void noListingEverShowedAnInProgressOrPendingFile() {
        assertThat(uncommittedSeen).isEmpty();
    }

    @Test
    void readersListingDuringCompactionsSawOnlyCompactedFilesNeverAWritersFileBesideThem() {
        // compaction is on by default: the writers' files of readings and aggregates are hidden until compacted
        assertThat(hiddenSeen).as("hidden writers' files listed while compactions ran").isNotEmpty();
        assertThat(compactedSeen).as("compacted files listed").isNotEmpty();
        assertThat(smallVisible).as("visible writers' files of a compacted table").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** Fails the job when the records seen, over all attempts, cross each threshold once. */
    static final class InjectFailures extends RichMapFunction<KinesisRecord, KinesisRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong SEEN = new AtomicLong();
        static final AtomicInteger FAILURES = new AtomicInteger();

        @Override
        public KinesisRecord map(KinesisRecord r) {
            long seen = SEEN.incrementAndGet();
            int failures = FAILURES.get();
            if (failures < FAIL_AT_RECORDS.length && seen >= FAIL_AT_RECORDS[failures]
                    && FAILURES.compareAndSet(failures, failures + 1)) {
                throw new IllegalStateException("Injected failure #" + (failures + 1) + " after " + seen + " records");
            }
            return r;
        }
    }

    void listUntilStopped(AtomicBoolean running) {
        while (running.get()) {
            for (String key : LAKE.s3().list(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/")) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                if (name.startsWith(".")) {
                    // a writer's file committed by the compactor, waiting for its compacted file: readers skip it
                    hiddenSeen.add(key);
                    continue;
                }
                // a _SUCCESS marker is written after the partition's files are committed, never in their place
                boolean committedFile = (name.startsWith("part-") || name.startsWith(Compaction.COMPACTED_PREFIX))
                        && (name.endsWith(".parquet") || name.endsWith(".jsonl"));
                if (!committedFile && !name.equals(PartitionCommitter.SUCCESS_FILE)) {
                    uncommittedSeen.add(key);
                }
                boolean compactedTable = key.contains("/readings/") || key.contains("/aggregates/");
                if (compactedTable && name.startsWith("part-")) {
                    smallVisible.add(key);
                } else if (compactedTable && name.startsWith(Compaction.COMPACTED_PREFIX)) {
                    compactedSeen.add(key);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ids in {@code a} but not in {@code b}, sorted: short enough to read in a failure message. */
    static List<String> missing(Map<String, Long> a, Map<String, Long> b) {
        return a.keySet().stream().filter(k -> !b.containsKey(k)).sorted().collect(Collectors.toList());
    }

    long committedRaw() {
        try {
            return copyLake("poll-" + System.nanoTime()).raw().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A registry for the community readings, four timelines in turn: consent long before the reading
     * (bootstrap file); consent given a minute after it; consent revoked a minute before it; revoked and
     * given again just before it. Only the first and the last let the reading through.
     */
    void registry(List<TestRecord> input, List<String> bootstrap, List<TestRecord> stream) {
        List<TestRecord> updates = new ArrayList<>();
        int n = 0;
        for (TestRecord r : input) {
            if (!r.needsConsent) {
                continue;
            }
            long t = r.eventTime;
            switch (n++ % 4) {
                case 0:
                    bootstrap.add(TestConsent.stediLine(r.id, LONG_BEFORE, LONG_BEFORE));
                    consented.add(r.id);
                    break;
                case 1:
                    updates.add(update(r.id, t + MINUTE, t + MINUTE));
                    break;
                case 2:
                    updates.add(update(r.id, HOUR_BEFORE, HOUR_BEFORE));
                    updates.add(update(r.id, null, t - MINUTE));
                    break;
                default:
                    updates.add(update(r.id, HOUR_BEFORE, HOUR_BEFORE));
                    updates.add(update(r.id, null, t - 2 * MINUTE));
                    updates.add(update(r.id, t - MINUTE, t - MINUTE));
                    consented.add(r.id);
            }
        }
        updates.sort(Comparator.comparingLong(u -> u.eventTime));
        stream.addAll(updates);
    }

    static TestRecord update(String serial, Long researchFrom, long updated) {
        return new TestRecord(serial, TestReadings.utf8(TestConsent.stediLine(serial, researchFrom, updated)), null,
                updated);
    }

    /** What a reader finds of the lake now, in a new folder whose name starts with {@code name}. */
    LakeContents copyLake(String name) throws IOException {
        return LAKE.copyLake(STREAM, lakeCopy.resolve(name));
    }
}
