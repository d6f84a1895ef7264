package org.aqlake.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestConsent;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job marks complete readings and aggregates partitions with {@code _SUCCESS}, on a MiniCluster at
 * parallelism 2 writing to {@code file://}: six hours of readings sent in order, slowly enough that
 * checkpoints commit files all along, then late readings for the first hour, sent only once that hour's
 * marker is there. The second half of each hour's readings are community ones, consented in a registry
 * bootstrap file, the last a second before the hour's end: the readings table has both its sinks (exempt
 * and consented, one partition committer), and the consented writers, behind the consent gate's shuffle,
 * hold each hour's last rows while the exempt writers have long reported theirs. A watcher lists the lake every few milliseconds and notes when each marker first
 * appears; the file system's change times (a committed file is renamed into place) then say whether any
 * file of a partition came after its marker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionCommitIT {

    static final Logger LOG = LoggerFactory.getLogger(PartitionCommitIT.class);
    static final long HOUR = 3_600_000L;
    static final int HOURS = 6;
    static final int PER_HOUR = 40;
    static final int LATE = 12;
    static final Duration PACE = Duration.ofMillis(15);
    static final Duration LATE_TIMEOUT = Duration.ofSeconds(120);
    static final String[] PARAMETERS = {"pm25", "pm10", "no2", "o3"};
    static final String[] UNITS = {"\u00B5g/m\u00B3", "\u00B5g/m\u00B3", "ppb", "ppm"};
    /** The community devices, consented long before the readings in the registry's bootstrap file. */
    static final int DEVICES = 8;
    static final long CONSENTED_FROM = TestReadings.BASE_TIME - 30L * 24 * HOUR;
    static final long LAST_READING_BEFORE_HOUR_END = 1_000L;

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    private Path dir;

    private Path readings;
    private Path aggregates;
    /** Per partition ("readings/year=…/…"), every change time its marker was seen with, first one first. */
    private final Map<String, List<FileTime>> markersSeen = new ConcurrentHashMap<>();
    /**
     * When the source sent the first late reading: wall clock, epoch millis. Static, as the source that sets
     * it is a deserialized copy running in the cluster.
     */
    static volatile long lateSentAt;
    private long successFilesCounted;

    @BeforeAll
    void runTheJobWhileWatchingTheLake(@InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        this.dir = dir;
        readings = dir.resolve("transformed").resolve("readings");
        aggregates = dir.resolve("transformed").resolve("aggregates");
        Path registry = dir.resolve("consent.jsonl");
        List<String> consent = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            consent.add(TestConsent.stediLine(device(d), CONSENTED_FROM, CONSENTED_FROM));
        }
        Files.write(registry, consent);
        JobConfig cfg = JobConfig.from(Map.of("lake.transformed-path", dir.resolve("transformed").toUri().toString(),
                "consent.bootstrap-path", registry.toUri().toString()));

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(200);
        AqLakePipeline.build(env.addSource(new PacedThenLate(readings.resolve(partition(0)).toString()),
                        new KinesisRecordSchema().getProducedType()).name("Paced readings, then late ones"),
                cfg, JobSinks.create(cfg));

        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> watch(watching), "marker-watcher");
        watcher.start();
        try {
            JobExecutionResult result = env.execute("partition-commit-it");
            successFilesCounted = counter(MetricNames.SUCCESS_FILES);
            LOG.info("job done in {} ms; markers seen: {}", result.getNetRuntime(), markersSeen.keySet());
        } finally {
            watching.set(false);
            watcher.join();
        }
        watchOnce(); // the markers written at the end of the input
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void everyHourOfBothTablesEndsWithASuccessFile() throws IOException {
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            hours.add(partition(h));
        }

        assertThat(partitions(readings)).containsExactlyElementsOf(hours);
        assertThat(partitions(aggregates)).containsExactlyElementsOf(hours);
        for (String hour : hours) {
            assertThat(readings.resolve(hour).resolve(PartitionCommitter.SUCCESS_FILE)).exists();
            assertThat(aggregates.resolve(hour).resolve(PartitionCommitter.SUCCESS_FILE)).exists();
        }
    }

    @Test
    void noFileOfAPartitionWasCommittedAfterItsFirstMarkerExceptTheLateOnes() throws Exception {
        // a file holding only on-time rows: no late reading, no aggregate correction
        Map<String, Boolean> onTime = new TreeMap<>();
        DuckDb.query("SELECT filename, count(*) FILTER (WHERE device_id LIKE 'late-%') = 0 AS on_time"
                + " FROM read_parquet(?, filename = true) GROUP BY filename", DuckDb.parquetGlob(readings))
                .forEach(r -> onTime.put((String) r.get("filename"), (Boolean) r.get("on_time")));
        DuckDb.query("SELECT filename, count(*) FILTER (WHERE revision > 0) = 0 AS on_time"
                + " FROM read_parquet(?, filename = true) GROUP BY filename", DuckDb.parquetGlob(aggregates))
                .forEach(r -> onTime.put((String) r.get("filename"), (Boolean) r.get("on_time")));

        assertThat(onTime).containsValue(false);
        int checked = 0;
        for (Map.Entry<String, Boolean> file : onTime.entrySet()) {
            Path f = Path.of(file.getKey());
            FileTime firstMarker = firstMarker(f.getParent());
            // a late file may come before or after its partition's first marker; an on-time one never after
            if (file.getValue()) {
                assertThat(changed(f)).as("%s committed after its partition's first marker", f)
                        .isLessThanOrEqualTo(firstMarker);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(2 * HOURS);
        assertThat(onTime.keySet()).as("on-time files of the consented readings sink")
                .filteredOn(f -> Path.of(f).getFileName().toString().contains("part-consented-")
                        && onTime.get(f))
                .hasSizeGreaterThanOrEqualTo(HOURS);
    }

    @Test
    void everyCommunityReadingUpToEachHoursEndIsARowOfTheConsentedSink() throws Exception {
        List<Map<String, Object>> rows = DuckDb.query("SELECT hour, count(*) AS n,"
                + " max(epoch_ms(event_time)) AS latest FROM read_parquet(?, filename = true, hive_partitioning = true)"
                + " WHERE source_type = 'community' AND filename LIKE '%/%part-consented-%' GROUP BY hour ORDER BY hour",
                DuckDb.parquetGlob(readings));

        assertThat(rows).hasSize(HOURS);
        for (int h = 0; h < HOURS; h++) {
            assertThat(rows.get(h).get("n")).as("hour %d", h).isEqualTo((long) PER_HOUR / 2);
            assertThat(((Number) rows.get(h).get("latest")).longValue()).as("hour %d", h)
                    .isEqualTo(TestReadings.BASE_TIME + (h + 1) * HOUR - LAST_READING_BEFORE_HOUR_END);
        }
    }

    @Test
    void theLateReadingsOfTheFirstHourWriteItsMarkersAgainAfterTheirFiles() throws Exception {
        Path readingsHour = readings.resolve(partition(0));
        Path aggregatesHour = aggregates.resolve(partition(0));
        FileTime lastLateReadings = latestChange(readingsHour, DuckDb.query("SELECT DISTINCT filename"
                + " FROM read_parquet(?, filename = true) WHERE device_id LIKE 'late-%'", DuckDb.parquetGlob(readings)));
        FileTime lastCorrection = latestChange(aggregatesHour, DuckDb.query("SELECT DISTINCT filename"
                + " FROM read_parquet(?, filename = true) WHERE revision > 0", DuckDb.parquetGlob(aggregates)));

        assertThat(DuckDb.query("SELECT count(*) AS n FROM read_parquet(?, hive_partitioning = true)"
                + " WHERE device_id LIKE 'late-%' AND hour = 0", DuckDb.parquetGlob(readings)).get(0).get("n"))
                .isEqualTo((long) LATE);
        assertThat(changed(readingsHour.resolve(PartitionCommitter.SUCCESS_FILE)))
                .isGreaterThan(firstMarker(readingsHour)).isGreaterThanOrEqualTo(lastLateReadings);
        assertThat(changed(aggregatesHour.resolve(PartitionCommitter.SUCCESS_FILE)))
                .isGreaterThan(firstMarker(aggregatesHour)).isGreaterThanOrEqualTo(lastCorrection);
    }

    @Test
    void theLastHourIsOnlyMarkedWhenTheInputEndsBecauseTheWatermarkNeverPassesItBefore() {
        assertThat(lateSentAt).isPositive();
        for (Path table : List.of(readings, aggregates)) {
            FileTime first = firstMarker(table.resolve(partition(HOURS - 1)));
            assertThat(first.toMillis()).as("%s", table).isGreaterThanOrEqualTo(lateSentAt);
        }
    }

    @Test
    void theSuccessFileCounterCountsEveryMarkerWrittenAgainToo() throws IOException {
        long markers = partitions(readings).size() + partitions(aggregates).size();

        assertThat(successFilesCounted).as("one per partition, plus the first hour's two re-writes")
                .isGreaterThanOrEqualTo(markers + 2);
    }

    // ---------------------------------------------------------------- the watcher

    void watch(AtomicBoolean watching) {
        while (watching.get()) {
            watchOnce();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void watchOnce() {
        for (Path table : List.of(readings, aggregates)) {
            if (!Files.isDirectory(table)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(table)) {
                for (Path marker : files.filter(f -> f.getFileName().toString().equals(PartitionCommitter.SUCCESS_FILE))
                        .collect(Collectors.toList())) {
                    FileTime changed = changed(marker);
                    List<FileTime> seen = markersSeen.computeIfAbsent(key(marker.getParent()), k -> new ArrayList<>());
                    synchronized (seen) {
                        if (!seen.contains(changed)) {
                            seen.add(changed);
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a file renamed or rewritten while listed: the next round sees it
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static String device(int d) {
        return "community-device-" + d;
    }

    static String partition(int hour) {
        return String.format("year=2024/month=05/day=01/hour=%02d", hour);
    }

    String key(Path partitionDir) {
        return dir.relativize(partitionDir).toString();
    }

    FileTime firstMarker(Path partitionDir) {
        List<FileTime> seen = markersSeen.get(key(partitionDir));
        assertThat(seen).as("markers seen in %s", partitionDir).isNotEmpty();
        return seen.get(0);
    }

    /** When the file's inode last changed: a committed part file is renamed into place, so its commit time. */
    static FileTime changed(Path file) {
        try {
            return (FileTime) Files.getAttribute(file, "unix:ctime");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FileTime latestChange(Path partitionDir, List<Map<String, Object>> files) {
        FileTime latest = null;
        for (Map<String, Object> f : files) {
            Path p = Path.of((String) f.get("filename"));
            if (p.getParent().equals(partitionDir)) {
                FileTime c = changed(p);
                latest = latest == null || c.compareTo(latest) > 0 ? c : latest;
            }
        }
        assertThat(latest).as("late files in %s", partitionDir).isNotNull();
        return latest;
    }

    static Set<String> partitions(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .map(f -> table.relativize(f.getParent()).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static long counter(String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : LAKE.metrics().getMetricsByGroup().entrySet()) {
            Metric m = g.getValue().get(name);
            if (m instanceof Counter && g.getKey().getMetricIdentifier(name).endsWith("kinesisanalytics." + name)) {
                sum += ((Counter) m).getCount();
            }
        }
        return sum;
    }

    /**
     * Six hours of readings in event-time order, paced so that checkpoints commit files while they come;
     * then, once the first hour's marker is there, late readings for that hour. A legacy source on purpose:
     * it runs in its own thread, so the task keeps checkpointing (and committing) while it waits.
     */
    @SuppressWarnings("deprecation")
    static final class PacedThenLate implements SourceFunction<KinesisRecord> {
        private static final long serialVersionUID = 1L;
        private final String firstHourDir;
        private volatile boolean running = true;

        PacedThenLate(String firstHourDir) {
            this.firstHourDir = firstHourDir;
        }

        @Override
        public void run(SourceContext<KinesisRecord> out) throws Exception {
            int n = 0;
            long step = HOUR / PER_HOUR;
            for (int i = 0; i < HOURS * PER_HOUR && running; i++) {
                long t = i % PER_HOUR == PER_HOUR - 1
                        ? TestReadings.BASE_TIME + (i / PER_HOUR + 1) * HOUR - LAST_READING_BEFORE_HOUR_END
                        : TestReadings.BASE_TIME + i * step + 7_000L;
                KinesisRecord r = i % PER_HOUR >= PER_HOUR / 2 ? community("on-time-" + i, i, t)
                        : reading("on-time-" + i, i, t);
                emit(out, r, n++);
                Thread.sleep(PACE.toMillis());
            }
            Path marker = Path.of(firstHourDir).resolve(PartitionCommitter.SUCCESS_FILE);
            long deadline = System.nanoTime() + LATE_TIMEOUT.toNanos();
            while (!Files.exists(marker) && running) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the first hour was never marked complete");
                }
                Thread.sleep(20);
            }
            lateSentAt = System.currentTimeMillis();
            for (int i = 0; i < LATE && running; i++) {
                emit(out, reading("late-" + i, i, TestReadings.BASE_TIME + 5 * 60_000L + i * 60_000L), n++);
            }
        }

        private static void emit(SourceContext<KinesisRecord> out, KinesisRecord r, int n) {
            synchronized (out.getCheckpointLock()) {
                out.collect(r);
            }
        }

        private static KinesisRecord reading(String id, int i, long eventTime) {
            return record(id, i, openAq(id, i, eventTime), eventTime);
        }

        /** A reading that needs consent: from a community device of the registry. */
        private static KinesisRecord community(String id, int i, long eventTime) {
            String json = openAq(id, i, eventTime).replace("\"sourceType\":\"government\"", "\"sourceType\":\""
                    + TestConsent.COMMUNITY + "\"").replace("\"sensorId\":\"" + id + "\"", "\"sensorId\":\""
                    + device(i % DEVICES) + "\"");
            if (!json.contains(TestConsent.COMMUNITY) || !json.contains(device(i % DEVICES))) {
                throw new IllegalStateException("the test reading's layout changed: " + json);
            }
            return record(id, i, json, eventTime);
        }

        private static String openAq(String id, int i, long eventTime) {
            int p = i % PARAMETERS.length;
            double value = "ppm".equals(UNITS[p]) ? 0.02 + (i % 30) / 1000.0 : 5 + (i % 60);
            return TestReadings.openAq(id, i, eventTime, PARAMETERS[p], value, UNITS[p]);
        }

        private static KinesisRecord record(String id, int i, String json, long eventTime) {
            return new KinesisRecord(TestReadings.utf8(json), "aq-readings", "shardId-00000000000" + (i % 2), id, id,
                    eventTime + 30_000L);
        }

        @Override
        public void cancel() {
            running = false;
        }
    }
}
