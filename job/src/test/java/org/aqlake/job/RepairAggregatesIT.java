package org.aqlake.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.metrics.MetricNames;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.HoldBackTheLateReadings;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.udfs.aqi.HourlyAqi;
import org.aqlake.udfs.aqi.SubIndex;
import org.aqlake.udfs.aqi.WhoCheck;
import org.aqlake.udfs.units.Pollutant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The repair on the real OpenAQ samples in an S3Proxy lake: the stream runs with a revision retention of an
 * hour and gets some readings long after it (a station's first hours, a quarter of the realtime feed), which
 * reach the readings table only. The repair over the whole range then makes the latest aggregates equal a
 * DuckDB recomputation from the readings table, AQI and WHO columns included, without touching a file that
 * was there; a second repair writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepairAggregatesIT {

    static final Logger LOG = LoggerFactory.getLogger(RepairAggregatesIT.class);
    static final String STREAM = "repair-it";
    static final String RETENTION = "1 h";
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(90);
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long ARRIVAL_DELAY = Duration.ofMinutes(1).toMillis();
    static final String LATE_STATION = "US Diplomatic Post: Kabul";
    /** The late station's readings before this hour come late. */
    static final long LATE_STATION_UNTIL = Instant.parse("2019-12-01T06:00:00Z").toEpochMilli();
    /** Every this many realtime lines, one comes late. */
    static final int LATE_REALTIME_EVERY = 4;
    /** The late readings wait until the stream's watermark has passed every hour they belong to. */
    static final long WATERMARK_BEFORE_LATE = Instant.parse("2020-02-13T00:00:00Z").toEpochMilli();
    static final String REPAIR_FROM = "2014-03-30T00:00:00Z";
    static final String REPAIR_TO = "2020-02-14T00:00:00Z";
    static final double MEAN_TOLERANCE = 1e-9;

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().s3().build();

    private Lake beforeRepair;
    private Lake afterRepair;
    private Lake afterSecondRepair;
    private int heldBack;
    private long droppedByTheStream;

    @BeforeAll
    void streamThenRepairTwice(@InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        Map<String, String> flat = new HashMap<>();
        flat.put("lake.transformed-path", "s3://" + LakeTestJob.TRANSFORMED_BUCKET + "/" + STREAM);
        flat.put("aggregates.revision-retention", RETENTION);

        droppedByTheStream = stream(cluster, JobConfig.from(flat));
        beforeRepair = Lake.download(dir.resolve("before"));

        flat.put("repair.enabled", "true");
        flat.put("repair.from", REPAIR_FROM);
        flat.put("repair.to", REPAIR_TO);
        AqLakeRepair.run(JobConfig.from(flat), LakeTestJob.environment(cluster));
        afterRepair = Lake.download(dir.resolve("after"));
        AqLakeRepair.run(JobConfig.from(flat), LakeTestJob.environment(cluster));
        afterSecondRepair = Lake.download(dir.resolve("again"));

        LOG.info("OpenAQ samples: {} readings in the readings table ({} sent late); the latest aggregates counted {}"
                        + " before the repair ({} dropped by the stream, {} readings_missing) and {} after it ({}"
                        + " readings_missing); {} aggregate rows before, {} after, {} after a second repair",
                beforeRepair.readings, heldBack, beforeRepair.countedByLatest(), droppedByTheStream,
                beforeRepair.missing, afterRepair.countedByLatest(), afterRepair.missing,
                beforeRepair.rows.size(), afterRepair.rows.size(), afterSecondRepair.rows.size());
    }

    /** Runs the stream over the samples, the held-back ones last; returns the readings it dropped as too late. */
    long stream(MiniCluster cluster, JobConfig cfg) throws Exception {
        List<String> realtime = OpenAqSamples.realtimeLines();
        List<String> onTime = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < realtime.size(); i++) {
            (i % LATE_REALTIME_EVERY == 0 ? late : onTime).add(realtime.get(i));
        }
        for (String json : OpenAqSamples.csvAsRealtimeJson()) {
            OpenAqSamples.Expected e = OpenAqSamples.expected(json);
            (e.location.equals(LATE_STATION) && e.eventTime < LATE_STATION_UNTIL ? late : onTime).add(json);
        }
        heldBack = late.size();
        onTime.sort(Comparator.comparingLong(RepairAggregatesIT::eventTime));
        long lastEventTime = eventTime(onTime.get(onTime.size() - 1));
        List<KinesisRecord> records = new ArrayList<>();
        for (String json : onTime) {
            records.add(record(json, records.size(), eventTime(json) + ARRIVAL_DELAY));
        }
        for (String json : late) {
            records.add(record(json, records.size(), lastEventTime + ARRIVAL_DELAY));
        }

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        AqLakeJob.configure(env, cfg);
        DataStream<KinesisRecord> source = HoldBackTheLateReadings.apply(
                env.fromData(records, new KinesisRecordSchema().getProducedType()), onTime.size(),
                WATERMARK_BEFORE_LATE, HOLD_TIMEOUT, () -> LAKE.metrics());
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        JobExecutionResult result = env.execute("repair-aggregates-it");
        return LAKE.counter(result.getJobID(), "kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED);
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void theStreamLeftTheLateReadingsOutOfTheAggregatesAndCountedThemAsDropped() {
        assertThat(heldBack).isPositive();
        assertThat(droppedByTheStream).isPositive();
        assertThat(beforeRepair.countedByLatest()).isEqualTo(beforeRepair.readings - droppedByTheStream);
    }

    @Test
    void beforeTheRepairTheReadersViewSaysWhatTheLatestRowsLackAndAfterItNothing() {
        assertThat(beforeRepair.missing).isEqualTo(droppedByTheStream);
        assertThat(beforeRepair.countedByLatest() + beforeRepair.missing).isEqualTo(beforeRepair.readings);
        assertThat(afterRepair.missing).isZero();
    }

    @Test
    void afterTheRepairTheLatestAggregatesEqualADuckDbRecomputationFromTheReadingsTable() {
        assertThat(afterRepair.countedByLatest()).isEqualTo(afterRepair.readings);
        assertThat(afterRepair.latest.keySet()).isEqualTo(afterRepair.recomputed.keySet());
        afterRepair.recomputed.forEach((key, expected) -> {
            Map<String, Object> actual = afterRepair.latest.get(key);
            assertThat(actual.get("count")).as("count of %s", key).isEqualTo(expected.get("count"));
            assertThat(actual.get("min")).as("min of %s", key).isEqualTo(expected.get("min"));
            assertThat(actual.get("max")).as("max of %s", key).isEqualTo(expected.get("max"));
            assertThat((Double) actual.get("mean")).as("mean of %s", key)
                    .isCloseTo((Double) expected.get("mean"), within(MEAN_TOLERANCE));
            assertThat(actual.get("first_ms")).as("first of %s", key).isEqualTo(expected.get("first_ms"));
            assertThat(actual.get("last_ms")).as("last of %s", key).isEqualTo(expected.get("last_ms"));
        });
    }

    @Test
    void afterTheRepairEveryAqiAndWhoColumnIsWhatTheUdfsGiveForTheRecomputedHourlyMeans() {
        long withAqi = 0;
        for (Map<String, Object> row : afterRepair.latest.values()) {
            Pollutant p = Pollutant.fromName((String) row.get("parameter"));
            long window = AggregatesLakeIT.number(row, "window_ms");
            double[] hourly = afterRepair.series(AggregatesLakeIT.place(row), p, window);
            SubIndex expected = HourlyAqi.of(p, hourly);
            WhoCheck who = WhoCheck.of(p, hourly);
            String what = row.get("location") + " " + p.id() + " " + Instant.ofEpochMilli(window);
            assertThat(row.get("aqi")).as(what).isEqualTo(expected == null ? null : expected.aqi());
            assertThat(row.get("aqi_averaging")).as(what)
                    .isEqualTo(expected == null ? null : expected.averaging().label());
            if (expected != null) {
                assertThat((Double) row.get("aqi_concentration")).as(what)
                        .isCloseTo(expected.concentration(), within(MEAN_TOLERANCE));
                withAqi++;
            }
            assertThat(row.get("who_exceeds")).as(what).isEqualTo(who == null ? null : who.exceeds());
            if (who != null) {
                assertThat((Double) row.get("who_mean")).as(what).isCloseTo(who.mean(), within(MEAN_TOLERANCE));
            }
        }
        assertThat(withAqi).isPositive();
    }

    @Test
    void theRepairAddedFilesWithRowsOneRevisionAboveTheirWindowsAndChangedNoFileThatWasThere() {
        assertThat(afterRepair.files).containsAllEntriesOf(beforeRepair.files);
        assertThat(afterRepair.files.size()).isGreaterThan(beforeRepair.files.size());
        Map<String, Long> highestBefore = new HashMap<>();
        for (Map<String, Object> r : beforeRepair.rows) {
            highestBefore.merge(AggregatesLakeIT.place(r) + "@" + r.get("window_ms"), AggregatesLakeIT.number(r, "revision"),
                    Math::max);
        }
        List<Map<String, Object>> added = new ArrayList<>(afterRepair.rows);
        added.removeAll(beforeRepair.rows);
        assertThat(added).hasSize(afterRepair.rows.size() - beforeRepair.rows.size());
        assertThat(added).allSatisfy(r -> {
            Long before = highestBefore.get(AggregatesLakeIT.place(r) + "@" + r.get("window_ms"));
            assertThat(AggregatesLakeIT.number(r, "revision")).as("%s", r).isEqualTo(before == null ? 0 : before + 1);
        });
    }

    @Test
    void aSecondRepairOfTheRepairedLakeWritesNoFileAndNoRow() {
        assertThat(afterSecondRepair.files).isEqualTo(afterRepair.files);
        assertThat(afterSecondRepair.rows).hasSameSizeAs(afterRepair.rows);
    }

    // ---------------------------------------------------------------- helpers

    static long eventTime(String json) {
        try {
            return OpenAqSamples.expected(json).eventTime;
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static KinesisRecord record(String json, int sequence, long arrival) {
        return new KinesisRecord(json.getBytes(StandardCharsets.UTF_8), "aq-readings",
                "shardId-00000000000" + sequence % 4, String.valueOf(sequence), "openaq-" + sequence, arrival);
    }

    /** What a reader of the lake finds, read with DuckDB from a copy of the bucket's committed objects. */
    static final class Lake {
        /** Every aggregates file, with its size. */
        Map<String, Long> files;
        List<Map<String, Object>> rows;
        Map<String, Map<String, Object>> latest;
        Map<String, Map<String, Object>> recomputed;
        Map<String, Double> hourlyReferenceMeans;
        long readings;
        /** What the reader's view says the latest rows lack: the sum of their {@code readings_missing}. */
        long missing;

        static Lake download(Path dir) throws Exception {
            LAKE.s3().download(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/", dir);
            Path table = dir.resolve(STREAM);
            String aggregates = DuckDb.parquetGlob(table.resolve("aggregates"));
            String readingsGlob = DuckDb.parquetGlob(table.resolve("readings"));
            Lake lake = new Lake();
            try (Stream<Path> s = Files.walk(table.resolve("aggregates"))) {
                lake.files = new TreeMap<>(s.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.toMap(
                        p -> table.relativize(p).toString(), p -> p.toFile().length())));
            }
            lake.rows = DuckDb.query("SELECT location, city, country, parameter, unit, epoch_ms(window_start) AS window_ms,"
                    + " count,"
                    + " mean, revision FROM read_parquet(?, hive_partitioning = true)", aggregates);
            // the reader's query: the highest revision of each row
            lake.latest = AggregatesLakeIT.byKey(DuckDb.query("SELECT location, city, country, latitude, parameter, unit,"
                    + " epoch_ms(window_start) AS window_ms, count, min, max, mean, epoch_ms(first_time) AS first_ms,"
                    + " epoch_ms(last_time) AS last_ms, aqi_averaging, aqi_concentration, aqi, who_mean, who_exceeds,"
                    + " revision FROM (SELECT *, max(revision) OVER (PARTITION BY location, city, country, parameter, unit,"
                    + " window_start) AS latest FROM read_parquet(?, hive_partitioning = true)) WHERE revision = latest",
                    aggregates));
            List<Map<String, Object>> groups = DuckDb.query("SELECT location, city, country, parameter, unit,"
                    + " (epoch_ms(event_time) // 3600000) * 3600000 AS window_ms, count(*) AS count, min(value) AS min,"
                    + " max(value) AS max, avg(value) AS mean, sum(value) AS sum, min(epoch_ms(event_time)) AS first_ms,"
                    + " max(epoch_ms(event_time)) AS last_ms FROM read_parquet(?, hive_partitioning = true)"
                    + " GROUP BY ALL", readingsGlob);
            lake.recomputed = AggregatesLakeIT.byKey(groups);
            lake.hourlyReferenceMeans = AggregatesLakeIT.hourlyReferenceMeans(groups);
            lake.readings = AggregatesLakeIT.number(DuckDb.query("SELECT count(*) AS n FROM read_parquet(?)",
                    readingsGlob).get(0), "n");
            try (DuckDb db = DuckDb.open()) {
                db.execute("CREATE VIEW aggregates AS SELECT * FROM read_parquet('" + aggregates
                        + "', hive_partitioning = true)");
                db.execute("CREATE VIEW aggregates_late AS SELECT * FROM read_parquet('"
                        + DuckDb.parquetGlob(table.resolve("aggregates_late")) + "', hive_partitioning = true)");
                db.execute(Files.readString(LateReadingsIT.ATHENA_VIEW, StandardCharsets.UTF_8));
                lake.missing = AggregatesLakeIT.number(db.rows("SELECT coalesce(sum(readings_missing), 0) AS n"
                        + " FROM aggregates_latest").get(0), "n");
            }
            return lake;
        }

        long countedByLatest() {
            return latest.values().stream().mapToLong(r -> AggregatesLakeIT.number(r, "count")).sum();
        }

        /** The newest-first series of the 24 hourly means ending with the window, from the readings table. */
        double[] series(String place, Pollutant p, long window) {
            double[] hourly = new double[24];
            for (int i = 0; i < hourly.length; i++) {
                Double mean = hourlyReferenceMeans.get(place + "|" + p.id() + "|" + (window - i * HOUR));
                hourly[i] = mean == null ? Double.NaN : mean;
            }
            return hourly;
        }
    }
}
