package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.JobSinks;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestConsent;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent end to end through the job, against a reference model: 1,000 devices, each with its own
 * random registry timeline (grants, revocations, re-grants, backdated and future-dated grants, two
 * records written in the same millisecond) split between a bootstrap file (records before {@link #T0})
 * and the consent stream (the rest, in lastUpdateDate order), and community readings at random times
 * around them, many exactly on a record's lastUpdateDate or consent date or a millisecond before. The job
 * is killed twice while it reads and restarts from its checkpoints, then stopped with drain. Afterwards
 * the rows are exactly the readings the model consents: none passed without consent, none wrongly denied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentTimelinesIT {

    static final long SEED = 11_000_111L;
    static final int DEVICES = 1_000;
    static final String STREAM = "consent-timelines-it";
    static final String CONSENT_STREAM = "consent-timelines-it-consent";
    static final long MINUTE = 60_000L;
    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    /** Registry records are written from two hours before T0 to six hours after it. */
    static final int FIRST_RECORD_MINUTE = -120;
    static final int LAST_RECORD_MINUTE = 360;
    static final int MAX_RECORDS_PER_DEVICE = 6;
    static final int MAX_READINGS_PER_DEVICE = 6;
    static final long[] FAIL_AT_READINGS = {1_500, 3_000};
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").kinesis().s3().build();

    // what the one run of the job was given and left: set before all tests, which only read it
    private Path work;
    private List<Timeline> timelines;
    private final List<TestRecord> readings = new ArrayList<>();
    private final Set<String> consented = new TreeSet<>();
    private java.util.OptionalLong restarts;
    private JobStatus statusAfterRun;
    private JobStatus statusAfterDrain;
    private LakeContents lake;

    /** One registry record: lastUpdateDate, and shareWithResearchAsOfDate or null (no consent). */
    static final class Rec {
        final long updated;
        final Long from;

        Rec(long updated, Long from) {
            this.updated = updated;
            this.from = from;
        }
    }

    /** A device's registry records and the times of its readings. */
    static final class Timeline {
        final String device;
        final List<Rec> records;
        final List<Long> readingTimes;

        Timeline(String device, List<Rec> records, List<Long> readingTimes) {
            this.device = device;
            this.records = records;
            this.readingTimes = readingTimes;
        }
    }

    /**
     * The reference model, written from the rule's wording rather than from ConsentHistory: the record in
     * force at t is the latest one written on or before t; records written in the same millisecond count
     * as their most restrictive one (any without consent wins, else the latest consent date); consent is in
     * force when that record's consent date is on or before t.
     */
    static boolean consentAt(List<Rec> records, long t) {
        long latest = Long.MIN_VALUE;
        for (Rec r : records) {
            if (r.updated <= t) {
                latest = Math.max(latest, r.updated);
            }
        }
        if (latest == Long.MIN_VALUE) {
            return false;
        }
        long from = Long.MIN_VALUE;
        for (Rec r : records) {
            if (r.updated == latest) {
                if (r.from == null) {
                    return false;
                }
                from = Math.max(from, r.from);
            }
        }
        return from <= t;
    }

    static Arbitrary<Rec> record() {
        return Combinators.combine(
                Arbitraries.integers().between(FIRST_RECORD_MINUTE, LAST_RECORD_MINUTE),
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(-180, 60))
                .as((minute, kind, offset) -> {
                    long updated = T0 + minute * MINUTE;
                    // about a third revoke (or never consent); grants are backdated, same-time or future-dated
                    return new Rec(updated, kind < 3 ? null : kind == 3 ? updated : updated + offset * MINUTE);
                });
    }

    static Arbitrary<Timeline> timeline(String device) {
        return Combinators.combine(
                record().list().ofMinSize(0).ofMaxSize(MAX_RECORDS_PER_DEVICE),
                Arbitraries.integers().between(1, MAX_READINGS_PER_DEVICE),
                Arbitraries.randomValue(r -> r.nextLong()))
                .as((records, readingCount, salt) -> {
                    List<Rec> recs = new ArrayList<>(records);
                    Random r = new Random(salt);
                    if (!recs.isEmpty() && r.nextInt(5) == 0) {
                        // a second record in the same millisecond as another: the tie rule
                        Rec twin = recs.get(r.nextInt(recs.size()));
                        recs.add(new Rec(twin.updated, r.nextBoolean() ? null : twin.updated + r.nextInt(60) * MINUTE));
                    }
                    List<Long> times = new ArrayList<>();
                    for (int i = 0; i < readingCount; i++) {
                        times.add(readingTime(recs, r));
                    }
                    return new Timeline(device, recs, times);
                });
    }

    /** Half the readings at a random minute, half on an edge of a record: its U or S, or a millisecond before. */
    static long readingTime(List<Rec> recs, Random r) {
        if (recs.isEmpty() || r.nextBoolean()) {
            return T0 + (FIRST_RECORD_MINUTE - 60 + r.nextInt(LAST_RECORD_MINUTE - FIRST_RECORD_MINUTE + 180)) * MINUTE
                    + r.nextInt(60_000);
        }
        Rec rec = recs.get(r.nextInt(recs.size()));
        long edge = rec.from != null && r.nextBoolean() ? rec.from : rec.updated;
        return r.nextBoolean() ? edge : edge - 1;
    }

    @BeforeAll
    void runTheTimelinesThroughTheJobWithTwoRestarts(@InjectMiniCluster MiniCluster cluster, @TempDir Path work)
            throws Exception {
        this.work = work;
        JqwikSession.run(() -> {
            Random random = new Random(SEED);
            timelines = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                String device = String.format(Locale.ROOT, "dev-%04d", d);
                timelines.add(timeline(device).generator(1000, true).next(random).value());
            }
        });
        List<String> bootstrap = new ArrayList<>();
        List<TestRecord> updates = new ArrayList<>();
        int n = 0;
        for (Timeline tl : timelines) {
            for (Rec rec : tl.records) {
                String line = TestConsent.stediLine(tl.device, rec.from, rec.updated);
                if (rec.updated < T0) {
                    bootstrap.add(line);
                } else {
                    updates.add(new TestRecord(tl.device, TestReadings.utf8(line), null, rec.updated));
                }
            }
            for (long t : tl.readingTimes) {
                String id = String.format(Locale.ROOT, "r-%05d", n++);
                readings.add(new TestRecord(id, TestReadings.utf8(reading(id, tl.device, t)), null, t));
                if (consentAt(tl.records, t)) {
                    consented.add(id);
                }
            }
        }
        // one shard in lastUpdateDate order, as a registry writes its updates
        updates.sort(Comparator.comparingLong(u -> u.eventTime));
        Collections.shuffle(readings, new Random(SEED));

        Path bootstrapFile = Files.createDirectories(work.resolve("registry")).resolve("customers.json");
        Files.write(bootstrapFile, bootstrap, StandardCharsets.UTF_8);
        Map<String, String> c = LakeTestJob.config(STREAM);
        c.put("consent.stream", CONSENT_STREAM);
        c.put("consent.bootstrap-path", bootstrapFile.toUri().toString());
        // long enough that only the watermark or the drain decides: a deadline decision is not what is tested
        c.put("consent.max-wait", "30 min");
        JobConfig cfg = JobConfig.from(c);

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, 4);
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            KinesisEmulator.put(kinesis, CONSENT_STREAM, updates);
            StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
            env.enableCheckpointing(500);
            AqLakeJob.configure(env, cfg);
            AqLakePipeline.build(
                    AqLakeJob.createSource(env, cfg).map(new InjectFailures()).uid("inject-failures").name("Inject failures"),
                    cfg, JobSinks.create(cfg));
            JobClient job = env.executeAsync("consent-timelines-it");
            try {
                int half = readings.size() / 2;
                KinesisEmulator.put(kinesis, STREAM, readings.subList(0, half));
                KinesisEmulator.put(kinesis, STREAM, readings.subList(half, readings.size()));
                Polling.await(TIMEOUT, "every reading read and checkpointed after two failures",
                        () -> InjectFailures.FAILURES.get() == FAIL_AT_READINGS.length && committedRaw() >= readings.size(),
                        () -> "failures=" + InjectFailures.FAILURES.get() + ", raw=" + committedRaw());
                long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
                Polling.await(Duration.ofSeconds(60), "three more checkpoints",
                        () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID()) >= done + 3);
                statusAfterRun = job.getJobStatus().get();
                restarts = ReliabilityRuns.restarts(LAKE.metrics(), job.getJobID());
                statusAfterDrain = LakeTestJob.drain(job, work.resolve("savepoints"));
            } finally {
                LakeTestJob.cancel(job);
            }
        }
        lake = copyLake("final");
    }

    static String reading(String id, String device, long t) {
        return String.format(Locale.ROOT,
                "{\"date\":{\"utc\":\"%s\"},\"parameter\":\"pm25\",\"value\":8.5,\"unit\":\"µg/m³\",\"location\":\"%s\","
                        + "\"sourceType\":\"community\",\"sensorId\":\"%s\"}",
                Instant.ofEpochMilli(t), id, device);
    }

    @Test
    void theTimelinesAreManyAndVaried() {
        long records = timelines.stream().mapToLong(t -> t.records.size()).sum();
        long revocations = timelines.stream().flatMap(t -> t.records.stream()).filter(r -> r.from == null).count();
        long onAnEdge = timelines.stream().mapToLong(t -> t.readingTimes.stream().filter(x -> t.records.stream()
                .anyMatch(r -> r.updated == x || r.from != null && r.from == x)).count()).sum();

        assertThat(timelines).hasSize(DEVICES);
        assertThat(records).isGreaterThan(2 * DEVICES);
        assertThat(revocations).isGreaterThan(DEVICES / 2);
        assertThat(onAnEdge).isGreaterThan(DEVICES / 2);
        assertThat(consented.size()).isBetween(readings.size() / 5, readings.size() * 4 / 5);
    }

    @Test
    void theJobFailedTwiceAndRecoveredFromItsCheckpoints() {
        assertThat(InjectFailures.FAILURES.get()).isEqualTo(FAIL_AT_READINGS.length);
        // also shows that the restart count HostileInputIT requires to be zero does see restarts
        assertThat(restarts).hasValue(FAIL_AT_READINGS.length);
        assertThat(statusAfterRun).isEqualTo(JobStatus.RUNNING);
        assertThat(statusAfterDrain).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void noReadingPassedWithoutConsentAndNoneWasWronglyDenied() throws Exception {
        Map<String, Long> rows = lake.readings().stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("location"), Collectors.counting()));
        Set<String> passedWithoutConsent = new TreeSet<>(rows.keySet());
        passedWithoutConsent.removeAll(consented);
        Set<String> wronglyDenied = new TreeSet<>(consented);
        wronglyDenied.removeAll(rows.keySet());

        long records = timelines.stream().mapToLong(t -> t.records.size()).sum();
        long fromBootstrap = timelines.stream().flatMap(t -> t.records.stream()).filter(r -> r.updated < T0).count();
        long revocations = timelines.stream().flatMap(t -> t.records.stream()).filter(r -> r.from == null).count();
        System.out.printf("consent timelines: %d devices, %d registry records (%d in the bootstrap file, %d without"
                        + " consent), %d readings, %d expected rows, %d rows, %d passed without consent, %d wrongly"
                        + " denied, restarts %s%n", DEVICES, records, fromBootstrap, revocations, readings.size(),
                consented.size(), rows.size(), passedWithoutConsent.size(), wronglyDenied.size(), restarts);
        assertThat(passedWithoutConsent).as("readings passed without consent").isEmpty();
        assertThat(wronglyDenied).as("readings wrongly denied").isEmpty();
        assertThat(rows).allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1L));
    }

    /** Fails the job when the readings seen, over all attempts, cross each threshold once, one failure per attempt. */
    static final class InjectFailures extends RichMapFunction<KinesisRecord, KinesisRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong SEEN = new AtomicLong();
        static final AtomicInteger FAILURES = new AtomicInteger();

        @Override
        public KinesisRecord map(KinesisRecord r) {
            long seen = SEEN.incrementAndGet();
            int failures = FAILURES.get();
            // the n-th failure only in an attempt after the (n-1)-th restart: a subtask the first failure has
            // not cancelled yet must not throw the second into the same failover (one restart, not two)
            if (failures < FAIL_AT_READINGS.length && seen >= FAIL_AT_READINGS[failures]
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() >= failures
                    && FAILURES.compareAndSet(failures, failures + 1)) {
                throw new IllegalStateException("Injected failure #" + (failures + 1) + " after " + seen + " readings");
            }
            return r;
        }
    }

    long committedRaw() {
        try {
            return copyLake("poll-" + System.nanoTime()).raw().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a reader finds of the lake now, in a new folder whose name starts with {@code name}. */
    LakeContents copyLake(String name) throws IOException {
        return LAKE.copyLake(STREAM, work.resolve(name));
    }
}
